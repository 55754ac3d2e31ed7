import GatehouseCore

/// The role picker of the Users and Groups forms (Invite, Create group, Assign roles), after the Console's seed: a
/// **Permission level** select (Account, All product environments, or one environment) and the global roles as
/// checkboxes named `role_<id>`, marked with the level they fit for console.js's `levelFilters()` (an account role
/// forces Account, the product environment Master Admin forces All product environments). A post is held to Core's
/// `RoleLevel.mismatch`, the rule the services enforce, so a mix is refused next to the level with JavaScript off.
struct RolePicker: Sendable {
    static let levelField = "level"
    static let rolePrefix = "role_"

    let roles: [Role]
    let environments: [ProductEnvironment]

    /// The global roles `holder` can be given (account roles first, system roles first) and the account's environments.
    static func load(for visitor: Visitor, holder: PrincipalType) async throws -> RolePicker {
        let roles = try await visitor.permissions.roles(
            accountID: visitor.accountID, permissionType: .global, scopeType: nil, managementType: nil, policyParameters: nil)
        let environments = try await visitor.provisioning.environments(EnvironmentQuery(accountID: visitor.accountID)).map(\.0)
        let rank = { (role: Role) in (role.scopeType == .account ? 0 : 1, role.isSystem ? 0 : 1) }
        let ordered = roles.filter { $0.assignableTo.contains(holder) }.sorted { rank($0) < rank($1) }
        return RolePicker(roles: ordered, environments: environments.sorted { $0.name < $1.name })
    }

    /// The level a form or link names (`account`, `all` or one of the account's environments; empty is Account).
    func level(_ value: String) -> RoleLevel? {
        guard value.isEmpty || value == "account" || value == allProductEnvironments || environments.contains(where: { $0.id == value })
        else { return nil }
        return value.isEmpty ? .account : RoleLevel(value)
    }

    /// The role ids ticked in `form`.
    static func ticked(_ form: ConsoleForm?) -> Set<String> { Set(form?.names(after: rolePrefix) ?? []) }

    /// The level and roles posted, or the problem to show next to the **Permission level** or the Roles.
    func read(_ form: ConsoleForm) -> Picked<(level: RoleLevel, roles: [Role])> {
        guard let level = level(form[Self.levelField]) else {
            return .refused(Console.fieldProblem("level", "Choose a permission level: Account, All product environments or one environment."))
        }
        var picked: [Role] = []
        for id in form.names(after: Self.rolePrefix) {
            guard let role = roles.first(where: { $0.id == id }) else {
                return .refused(Console.fieldProblem("roles", "There is no global role \(id). Reload the page and pick again."))
            }
            if let mismatch = level.mismatch(with: role) { return .refused(Console.fieldProblem("level", mismatch + ".")) }
            picked.append(role)
        }
        return .ok((level, picked))
    }

    /// Template values under `picker`: `levels` (the select's options) and `roles` (the checkboxes), with `level`
    /// selected and `checked` ticked; `held` marks, per role, the levels a holder already has it at (for groups.js).
    /// Every key is set (false rather than absent or empty) so no section falls through to the page's own values.
    func values(level: RoleLevel, checked: Set<String>, held: [String: [String]] = [:]) -> [String: Any] {
        let fixed: [(String, String)] = [("account", "Account"), (allProductEnvironments, "All product environments")]
        let levels = (fixed + environments.map { ($0.id, "Product environment: \($0.name)") }).map {
            ["value": $0.0, "label": $0.1, "selected": $0.0 == level.value] as [String: Any]
        }
        let boxes = roles.enumerated().map { index, role -> [String: Any] in
            let forces: Any = role.scopeType == .account
                ? "account" : role.id == AssignmentRules.masterAdminProdenvRoleID ? allProductEnvironments : false
            let description = role.description ?? "", held = (held[role.id] ?? []).joined(separator: " ")
            return [
                "field": Self.rolePrefix + role.id, "domID": "role-\(index)", "name": Self.label(role), "checked": checked.contains(role.id),
                "kind": role.scopeType == .account ? "account" : "prodenv", "forces": forces,
                "description": description.isEmpty ? false : description, "held": held.isEmpty ? false : held,
                "type": role.isSystem ? "System Role" : "Custom Role",
            ]
        }
        return ["levels": levels, "roles": boxes]
    }

    /// Two system roles are both named Master Admin, so every role says its level.
    static func label(_ role: Role) -> String {
        "\(role.name) (\(role.scopeType == .account ? "Account" : "Product environment"))"
    }

    /// How a holding's level reads on a page: Account (no scope), All product environments, or the environment's name.
    static func label(of scopeID: String?, names: [String: String]) -> String {
        guard let scopeID else { return "Account" }
        return scopeID == allProductEnvironments ? "All product environments" : names[scopeID] ?? scopeID
    }

    func label(of scopeID: String?) -> String {
        Self.label(of: scopeID, names: Dictionary(environments.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }))
    }
}

/// What a picker read from the form: the choice, or the problem to show next to its field.
enum Picked<Value> {
    case ok(Value)
    case refused(FormProblem)
}
