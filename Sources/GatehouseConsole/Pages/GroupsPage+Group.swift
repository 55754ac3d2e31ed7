import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// A group's own page (`/console/groups/{id}`): members, roles, **Rename** and **Delete**.
extension GroupsPage {
    /// Users offered in the **User** field's suggestions; any other user of the account can be typed by email.
    static let suggestedUsers = 200

    /// Runs `body` with the group the path names, or answers 404 when the account has no such group.
    func withGroup(
        _ visitor: Visitor, _ context: GatehouseRequestContext, _ body: (UserGroup, [User]) async throws -> Response
    ) async throws -> Response {
        let found: (UserGroup, [User])
        do {
            found = try await visitor.provisioning.group(id: context.parameters.get("group_id") ?? "", accountID: visitor.accountID)
        } catch GatehouseError.notFound {
            var values: [String: Any] = ["heading": "Group not found", "error": "There is no such group. It may have been deleted."]
            values["back"] = "/console/groups"
            values["menu"] = visitor.access.menu
            return console.page("message", status: .notFound, values, signedIn: visitor.signedIn)
        }
        return try await body(found.0, found.1)
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.groupsView]) { visitor in
            try await withGroup(visitor, context) { group, members in try await groupPage(visitor, request: request, group: group, members: members) }
        }
    }

    /// The group's page; `overrides` keep what was typed and say what was refused.
    func groupPage(
        _ visitor: Visitor, request: Request, group: UserGroup, members: [User], problem: FormProblem? = nil, overrides: [String: Any] = [:]
    ) async throws -> Response {
        let principal = Principal(type: .group, id: group.id)
        let held = try await visitor.permissions.directRoles(
            of: principal, accountID: visitor.accountID, permissionType: nil, filter: ScopeFilter(), managementType: nil)
        let picker = try await RolePicker.load(for: visitor, holder: .group)
        let canUpdate = visitor.access.allows(.groupsUpdate)
        var values: [String: Any] = [
            "groupID": group.id, "groupName": group.name, "name": group.name, "memberCount": members.count,
            "members": members.sorted { $0.displayName.localizedCaseInsensitiveCompare($1.displayName) == .orderedAscending }.map { user in
                ["id": user.id, "name": user.displayName, "email": user.email, "status": Self.statusLabel(user), "statusClass": user.status.rawValue]
            },
            "roles": held.map { Self.roleText($0, picker: picker) }.sorted(), "hasRoles": !held.isEmpty, "hasMembers": !members.isEmpty,
            "canUpdate": canUpdate, "canDelete": visitor.access.allows(.groupsDelete),
        ]
        if canUpdate {
            var query = UserQuery(accountID: visitor.accountID)
            query.sortBy = .name
            query.sortOrder = .asc
            query.pageSize = Self.suggestedUsers
            let memberIDs = Set(members.map(\.id))
            values["candidates"] = try await visitor.provisioning.users(query).filter { !$0.isDeleted && !memberIDs.contains($0.id) }.map {
                ["email": $0.email, "name": $0.displayName]
            }
        }
        if let problem { values.merge(problem.values) { $1 } }
        values.merge(overrides) { $1 }
        return console.page("group", status: problem?.status ?? .ok, values, visitor: visitor, request: request, notices: Self.notices)
    }

    static func statusLabel(_ user: User) -> String {
        switch user.status {
        case .pending: "Pending"
        case .active: "Active"
        case .inactive: "Inactive"
        }
    }

    // MARK: Rename

    func rename(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsUpdate]) { visitor, form in
            try await withGroup(visitor, context) { group, members in
                do {
                    _ = try await visitor.provisioning.updateGroup(id: group.id, accountID: visitor.accountID, name: form["name"])
                    return console.redirect("/console/groups/\(group.id)?notice=renamed")
                } catch {
                    return try await groupPage(
                        visitor, request: request, group: group, members: members, problem: Self.problem(error, console, request),
                        overrides: ["name": form["name"]])
                }
            }
        }
    }

    // MARK: Delete

    func confirmDelete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.groupsDelete]) { visitor in
            try await withGroup(visitor, context) { group, members in
                let values: [String: Any] = ["groupID": group.id, "groupName": group.name, "memberCount": members.count]
                return console.page("group-delete", values, visitor: visitor, request: request)
            }
        }
    }

    func delete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsDelete]) { visitor, _ in
            try await withGroup(visitor, context) { group, members in
                do {
                    try await visitor.provisioning.deleteGroup(id: group.id, accountID: visitor.accountID)
                    return console.redirect("/console/groups?notice=deleted")
                } catch {
                    let problem = console.problem(error, request: request)
                    return console.page(
                        "group-delete", status: problem.status,
                        ["groupID": group.id, "groupName": group.name, "memberCount": members.count, "error": problem.message],
                        visitor: visitor, request: request)
                }
            }
        }
    }
}
