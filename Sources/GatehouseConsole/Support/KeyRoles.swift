import GatehouseCore

/// The **Assign roles** form of an API key or an account key: the global roles of one permission level as
/// checkboxes named `role:<id>` (the form keeps each name once), the held ones ticked, and the roles a key
/// holds as names for the tables.
enum KeyRoles {
    static let prefix = "role:"

    /// The account's global roles (system, then custom) of `level`, for the checkboxes.
    static func choices(_ visitor: Visitor, level: ScopeType) async throws -> [Role] {
        try await visitor.permissions.roles(
            accountID: visitor.accountID, permissionType: .global, scopeType: level, managementType: nil, policyParameters: nil)
    }

    /// The global roles `principal` holds directly.
    static func held(by principal: Principal, _ visitor: Visitor) async throws -> [Role] {
        try await visitor.permissions.directRoles(
            of: principal, accountID: visitor.accountID, permissionType: .global, filter: ScopeFilter(), managementType: nil
        ).map(\.role)
    }

    static func options(_ roles: [Role], checked: Set<String>) -> [[String: Any]] {
        roles.enumerated().map { index, role in
            [
                "index": index, "field": prefix + role.id, "id": role.id, "name": role.name, "description": role.description ?? "",
                "system": role.isSystem, "checked": checked.contains(role.id),
            ]
        }
    }

    /// The role ids ticked on the posted form and, when one is not a role of the account at all (a forged or
    /// stale form), the problem to show next to the roles. Roles of the wrong level are left for the
    /// permissions service to refuse with its own reason.
    static func posted(_ form: ConsoleForm, _ visitor: Visitor) async throws -> (ids: [String], problem: FormProblem?) {
        let ids = form.names(after: prefix)
        var known = Set<String>()
        for type in [PermissionType.global, .content] {
            known.formUnion(try await visitor.permissions.roles(
                accountID: visitor.accountID, permissionType: type, scopeType: nil, managementType: nil, policyParameters: nil
            ).map(\.id))
        }
        if let unknown = ids.first(where: { !known.contains($0) }) {
            return (ids, Console.fieldProblem("roles", "Role \(unknown) does not exist."))
        }
        return (ids, nil)
    }

    /// Service refusals that concern the chosen roles, shown next to them.
    static let fields = ["principal_type": "roles", "scope_id": "roles", "policy_parameters": "roles", "roles": "roles"]
}
