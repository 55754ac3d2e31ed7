import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// **Assign roles** for a group: a permission level and the roles it should hold there, replacing its roles at
/// that level (its roles at other levels stay). The guard weighs what the group's members gain or lose.
extension GroupsPage {
    func showRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.groupsUpdate]) { visitor in
            try await withGroup(visitor, context) { group, _ in
                let picker = try await RolePicker.load(for: visitor, holder: .group)
                let level = picker.level(request.uri.queryParameters["level"].map(String.init) ?? "") ?? .account
                return try await rolesForm(visitor, request: request, group: group, picker: picker, level: level, checked: nil)
            }
        }
    }

    func assignRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsUpdate]) { visitor, form in
            try await withGroup(visitor, context) { group, _ in
                let picker = try await RolePicker.load(for: visitor, holder: .group)
                let problem: FormProblem
                switch picker.read(form) {
                case .refused(let refusal): problem = refusal
                case .ok(let picked):
                    do {
                        try await visitor.permissions.replaceGlobalRoles(
                            of: Principal(type: .group, id: group.id), at: picked.level, with: picked.roles.map(\.id), accountID: visitor.accountID)
                        return console.redirect("/console/groups/\(group.id)?notice=roles-assigned")
                    } catch {
                        problem = console.problem(error, request: request)
                    }
                }
                let level = picker.level(form[RolePicker.levelField]) ?? .account
                return try await rolesForm(
                    visitor, request: request, group: group, picker: picker, level: level, checked: RolePicker.ticked(form), problem: problem)
            }
        }
    }

    /// The form, with the roles the group holds at `level` ticked unless `checked` says what was posted.
    private func rolesForm(
        _ visitor: Visitor, request: Request, group: UserGroup, picker: RolePicker, level: RoleLevel, checked: Set<String>?,
        problem: FormProblem? = nil
    ) async throws -> Response {
        let held = try await visitor.permissions.directRoles(
            of: Principal(type: .group, id: group.id), accountID: visitor.accountID, permissionType: .global, filter: ScopeFilter(),
            managementType: nil)
        var levels: [String: [String]] = [:]
        for role in held {
            levels[role.role.id, default: []].append(role.role.scopeType == .account ? "account" : role.assignment.scopeID ?? allProductEnvironments)
        }
        let atLevel = Set(held.filter { level.holds($0.assignment, of: $0.role) }.map(\.role.id))
        let choices = picker.values(level: level, checked: checked ?? atLevel, held: levels)
        var values: [String: Any] = [
            "groupID": group.id, "groupName": group.name, "picker": choices, "levelLinks": choices["levels"] ?? [],
            "current": held.map { Self.roleText($0, picker: picker) }.sorted(), "hasCurrent": !held.isEmpty,
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("group-roles", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }
}
