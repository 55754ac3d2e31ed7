import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// **Add members** and **Remove** on a group's page. Each change goes through the guard as the signed-in
/// person: joining a group gains its roles, so nobody adds a user (themselves included) to a group holding
/// more than they hold.
extension GroupsPage {
    func addMember(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsUpdate]) { visitor, form in
            try await withGroup(visitor, context) { group, members in
                let typed = form["user"].trimmingCharacters(in: .whitespaces)
                do {
                    guard let user = try await findUser(typed, visitor: visitor) else {
                        let problem = typed.isEmpty
                            ? Console.fieldProblem("user", "Enter the email of a user of this account.")
                            : FormProblem(status: .notFound, message: "No user of this account has that email.", field: "user")
                        return try await groupPage(
                            visitor, request: request, group: group, members: members, problem: problem, overrides: ["user": typed])
                    }
                    _ = try await visitor.provisioning.addUser(user.id, toGroup: group.id, accountID: visitor.accountID)
                    return console.redirect("/console/groups/\(group.id)?notice=member-added")
                } catch {
                    let problem = console.problem(error, request: request)
                    let placed = FormProblem(status: problem.status, message: problem.message, field: "user")
                    return try await groupPage(visitor, request: request, group: group, members: members, problem: placed, overrides: ["user": typed])
                }
            }
        }
    }

    /// The user an email (or, from a forged form, an id) names in the visitor's account.
    private func findUser(_ typed: String, visitor: Visitor) async throws -> User? {
        guard !typed.isEmpty else { return nil }
        var query = UserQuery(accountID: visitor.accountID)
        if typed.contains("@") { query.emails = [typed.lowercased()] } else { query.ids = [typed] }
        return try await visitor.provisioning.users(query).first
    }

    func removeMember(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.groupsUpdate]) { visitor, form in
            try await withGroup(visitor, context) { group, members in
                do {
                    _ = try await visitor.provisioning.removeUser(form["user"], fromGroup: group.id, accountID: visitor.accountID)
                    return console.redirect("/console/groups/\(group.id)?notice=member-removed")
                } catch {
                    var problem = console.problem(error, request: request)
                    if case GatehouseError.notFound = error {
                        problem.message = "That user is not a member of this group. Reload the page and try again."
                    }
                    return try await groupPage(visitor, request: request, group: group, members: members, problem: problem)
                }
            }
        }
    }
}
