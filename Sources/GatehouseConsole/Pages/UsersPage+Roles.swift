import GatehouseCore

/// The role picker shared by **Invite** and **Assign roles**: a permission level, then the global roles of
/// that level as checkboxes named `role_<id>` (console.js hides the others; the server enforces the same).
enum RolePicker {
    static func globalRoles(_ visitor: Visitor) async throws -> [Role] {
        try await visitor.permissions.roles(
            accountID: visitor.accountID, permissionType: .global, scopeType: nil, managementType: nil, policyParameters: nil)
    }

    /// Two system roles are both named Master Admin, so every role says its level.
    static func label(_ role: Role) -> String {
        "\(role.name) (\(role.scopeType == .account ? "Account" : "Product environment"))"
    }

    /// The level a form names: `account`, `all` or one of the account's environments; nil for anything else.
    static func level(_ value: String, environments: [ProductEnvironment]) -> RoleLevel? {
        guard value == "account" || value == allProductEnvironments || environments.contains(where: { $0.id == value }) else { return nil }
        return RoleLevel(value)
    }

    static func levels(_ environments: [ProductEnvironment], selected: RoleLevel) -> [[String: Any]] {
        let fixed: [(String, String)] = [("account", "Account"), (allProductEnvironments, "All product environments")]
        return (fixed + environments.map { ($0.id, $0.name) }).map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected.value] }
    }

    /// The checkboxes, with the data attributes `levelFilters()` reads.
    static func options(_ roles: [Role], checked: Set<String>) -> [[String: Any]] {
        roles.map { role in
            // Absent rather than empty: the template engine takes an empty string as true.
            var option: [String: Any] = [
                "id": role.id, "label": label(role), "level": role.scopeType == .account ? "account" : "prodenv",
                "checked": checked.contains(role.id),
            ]
            if role.scopeType == .account { option["forces"] = "account" }
            if role.id == AssignmentRules.masterAdminProdenvRoleID { option["forces"] = allProductEnvironments }
            if let description = role.description, !description.isEmpty { option["description"] = description }
            return option
        }
    }

    /// The level and roles posted, with the picker's rules applied as console.js applies them: the prodenv
    /// Master Admin means all product environments, an account role means Account; what cannot be reconciled
    /// is refused next to the field.
    static func chosen(_ form: ConsoleForm, roles: [Role], environments: [ProductEnvironment]) -> Picked<(RoleLevel, [Role])> {
        guard var level = level(form["level"], environments: environments) else {
            return .refused(Console.fieldProblem("level", "Choose a permission level: Account, All product environments or one environment."))
        }
        var picked: [Role] = []
        for id in form.names(after: "role_") {
            guard let role = roles.first(where: { $0.id == id }) else {
                return .refused(Console.fieldProblem("roles", "There is no global role \(id). Reload the page and pick again."))
            }
            picked.append(role)
        }
        let account = picked.filter { $0.scopeType == .account }
        if !account.isEmpty, account.count < picked.count {
            return .refused(Console.fieldProblem(
                "roles", "Pick roles of one permission level: account roles and product environment roles go in separate steps."))
        }
        if !account.isEmpty {
            level = .account
        } else if picked.contains(where: { $0.id == AssignmentRules.masterAdminProdenvRoleID }) {
            level = .environment(allProductEnvironments)
        } else if !picked.isEmpty, level == .account {
            return .refused(Console.fieldProblem(
                "roles", "\(label(picked[0])) is given in product environments: choose All product environments or one environment."))
        }
        return .ok((level, picked))
    }

    /// Environment access from `env_<id>` checkboxes and the `environments` choice (`all` or `some`).
    static func environmentAccess(_ form: ConsoleForm, environments: [ProductEnvironment]) -> Picked<[String]?> {
        guard form["environments"] != "all" else { return .ok(Optional<[String]>.none) }
        let ids = form.names(after: "env_")
        if let unknown = ids.first(where: { id in !environments.contains { $0.id == id } }) {
            return .refused(Console.fieldProblem("environments", "There is no product environment \(unknown). Reload the page and pick again."))
        }
        return .ok(ids)
    }

    static func environmentOptions(_ environments: [ProductEnvironment], checked: Set<String>) -> [[String: Any]] {
        environments.map { ["id": $0.id, "label": $0.name, "checked": checked.contains($0.id)] }
    }

    /// Group ids from `group_<id>` checkboxes; an unknown one is refused.
    static func groups(_ form: ConsoleForm, known: [UserGroup]) -> Picked<[String]> {
        let ids = form.names(after: "group_")
        if let unknown = ids.first(where: { id in !known.contains { $0.id == id } }) {
            return .refused(Console.fieldProblem("groups", "There is no group \(unknown). Reload the page and pick again."))
        }
        return .ok(ids)
    }

    static func groupOptions(_ groups: [UserGroup], checked: Set<String>) -> [[String: Any]] {
        groups.map { ["id": $0.id, "label": $0.name, "checked": checked.contains($0.id)] }
    }
}

/// What a picker read from the form: the choice, or the problem to show next to its field.
enum Picked<Value> {
    case ok(Value)
    case refused(FormProblem)
}
