import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/groups` (User Management › Groups): the account's groups with their member counts and roles, and
/// **Create group** with a name and roles. A group's own page, its members and roles are in the extensions.
struct GroupsPage: Sendable {
    let console: Console

    static let notices = [
        "created": "The group is created.", "deleted": "The group is deleted.", "renamed": "The group is renamed.",
        "member-added": "The member is added.", "member-removed": "The member is removed.", "roles-assigned": "The group's roles are saved.",
    ]

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("groups", use: list)
        group.get("groups/new", use: showCreate)
        group.post("groups", use: create)
        group.get("groups/{group_id}", use: show)
        group.post("groups/{group_id}/rename", use: rename)
        group.post("groups/{group_id}/members", use: addMember)
        group.post("groups/{group_id}/members/remove", use: removeMember)
        group.get("groups/{group_id}/roles", use: showRoles)
        group.post("groups/{group_id}/roles", use: assignRoles)
        group.get("groups/{group_id}/delete", use: confirmDelete)
        group.post("groups/{group_id}/delete", use: delete)
    }

    // MARK: The list

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.groupsView]) { visitor in
            // Two reads whatever the number of groups: the groups with their members, and every group's roles.
            let groups = try await visitor.provisioning.groupsWithMembers(accountID: visitor.accountID)
            let roles = try await visitor.permissions.rolesOfGroups(accountID: visitor.accountID)
            let picker = try await RolePicker.load(for: visitor, holder: .group)
            let rows = groups.sorted { $0.0.name.localizedCaseInsensitiveCompare($1.0.name) == .orderedAscending }.map { group, members in
                [
                    "id": group.id, "name": group.name, "members": members.count,
                    "roles": (roles[group.id] ?? []).map { Self.roleText($0, picker: picker) }.sorted(),
                    "canUpdate": visitor.access.allows(.groupsUpdate), "canDelete": visitor.access.allows(.groupsDelete),
                ] as [String: Any]
            }
            return console.page("groups", [
                "groups": rows, "hasGroups": !rows.isEmpty, "count": rows.count, "canCreate": visitor.access.allows(.groupsCreate),
            ], visitor: visitor, request: request, notices: Self.notices)
        }
    }

    /// A held role as the pages show it: its name and where it applies.
    static func roleText(_ held: HeldRole, picker: RolePicker) -> String {
        if let instance = held.assignment.instance {
            return "\(held.role.name) (\(instance.kind == .folderID ? "folder" : "collection") \(instance.id))"
        }
        return "\(held.role.name) (\(picker.label(of: held.role.scopeType == .account ? nil : held.assignment.scopeID ?? allProductEnvironments)))"
    }

    // MARK: Create group

    func showCreate(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.groupsCreate]) { visitor in
            try await createForm(visitor, request: request, form: nil)
        }
    }

    func create(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsCreate]) { visitor, form in
            let problem: FormProblem
            switch try await RolePicker.load(for: visitor, holder: .group).read(form) {
            case .refused(let refusal): problem = refusal
            case .ok(let picked):
                do {
                    let group = try await visitor.permissions.createGroup(
                        named: form["name"], roles: picked.roles.map(\.id), at: picked.level, accountID: visitor.accountID)
                    return console.redirect("/console/groups/\(group.id)?notice=created")
                } catch {
                    problem = Self.problem(error, console, request)
                }
            }
            return try await createForm(visitor, request: request, form: form, problem: problem)
        }
    }

    /// The form, empty or as posted with the problem next to its field.
    private func createForm(_ visitor: Visitor, request: Request, form: ConsoleForm?, problem: FormProblem? = nil) async throws -> Response {
        let picker = try await RolePicker.load(for: visitor, holder: .group)
        let level = form.flatMap { picker.level($0[RolePicker.levelField]) } ?? .account
        var values: [String: Any] = ["name": form?["name"] ?? "", "picker": picker.values(level: level, checked: RolePicker.ticked(form))]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("groups-new", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }

    /// A refusal on a group form: a taken name belongs next to the name field, like the service's field problems.
    static func problem(_ error: any Error, _ console: Console, _ request: Request) -> FormProblem {
        if case GatehouseError.conflict(let message) = error { return FormProblem(status: .conflict, message: message + ".", field: "name") }
        return console.problem(error, request: request)
    }
}
