import GatehouseCore

/// The role picker of a group's forms (Create group, Assign roles), after the Console's seed: a **Permission
/// level** select (Account, All product environments, or one environment) and the global roles as checkboxes
/// marked with the level they fit, for console.js's `levelFilters()`. An account role forces Account and the
/// product environment Master Admin forces All product environments; the service refuses any other mix
/// (`RoleLevel.mismatch`), so the rule holds with JavaScript off.
struct GroupRolePicker: Sendable {
    static let levelField = "level"
    /// Each role's checkbox is named `role:<id>`.
    static let rolePrefix = "role:"

    let roles: [Role]
    let environments: [ProductEnvironment]

    /// The global roles `holder` can be given, and the account's environments, read for `visitor`.
    static func load(for visitor: Visitor, holder: PrincipalType) async throws -> GroupRolePicker {
        let roles = try await visitor.permissions.roles(
            accountID: visitor.accountID, permissionType: .global, scopeType: nil, managementType: nil, policyParameters: nil)
        let environments = try await visitor.provisioning.environments(EnvironmentQuery(accountID: visitor.accountID)).map(\.0)
        let ordered = roles.filter { $0.assignableTo.contains(holder) }
            .sorted { ($0.scopeType == .account ? 0 : 1, $0.isSystem ? 0 : 1) < ($1.scopeType == .account ? 0 : 1, $1.isSystem ? 0 : 1) }
        return GroupRolePicker(roles: ordered, environments: environments.sorted { $0.name < $1.name })
    }

    /// What was posted: the level and the ticked role ids.
    static func read(_ form: ConsoleForm) -> (level: RoleLevel, roleIDs: [String]) {
        (RoleLevel(form[levelField].isEmpty ? "account" : form[levelField]), form.names(after: rolePrefix))
    }

    /// Template values under `picker`: `levels` (the select's options) and `roles` (the checkboxes), with `level`
    /// selected and `checked` ticked; `held` marks, per role, the levels a holder already has it at (for groups.js).
    func values(level: RoleLevel, checked: Set<String>, held: [String: [String]] = [:]) -> [String: Any] {
        let levels: [[String: Any]] = [
            ["value": "account", "label": "Account", "selected": level == .account],
            ["value": allProductEnvironments, "label": "All product environments", "selected": level == .environment(allProductEnvironments)],
        ] + environments.map { ["value": $0.id, "label": "Product environment: \($0.name)", "selected": level == .environment($0.id)] }
        let boxes = roles.enumerated().map { index, role -> [String: Any] in
            var box: [String: Any] = [
                "id": role.id, "field": Self.rolePrefix + role.id, "domID": "role-\(index)",
                "name": "\(role.name) (\(role.scopeType == .account ? "Account" : "Product environment"))",
                "description": role.description ?? "", "kind": role.scopeType.rawValue, "checked": checked.contains(role.id),
                "type": role.isSystem ? "System Role" : "Custom Role", "held": (held[role.id] ?? []).joined(separator: " "),
            ]
            if role.scopeType == .account { box["forces"] = "account" }
            if role.id == AssignmentRules.masterAdminProdenvRoleID { box["forces"] = allProductEnvironments }
            return box
        }
        return ["levels": levels, "roles": boxes]
    }

    /// How a level reads on a page.
    func label(of scopeID: String?, role: Role) -> String {
        guard role.scopeType == .prodenv else { return "Account" }
        guard let scopeID, scopeID != allProductEnvironments else { return "All product environments" }
        return environments.first { $0.id == scopeID }.map(\.name) ?? scopeID
    }
}
