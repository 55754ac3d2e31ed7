import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// The actions of a row's menu, at `/console/users/{id}/<action>`: a form (GET) where there is something to
/// fill in or confirm, and the POST that does it.
enum RowAction: String, CaseIterable, Sendable {
    case edit
    case roles
    case environments
    case resendInvite = "resend-invite"
    case resetPassword = "reset-password"
    case forceLogout = "force-logout"
    case delete

    var hasForm: Bool { [.edit, .roles, .environments, .delete].contains(self) }
    var feature: ConsoleFeature { self == .delete ? .usersDelete : .usersUpdate }
}

extension UsersPage {
    func showAction(_ action: RowAction, _ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [action.feature]) { visitor in
            let user: User
            switch try await target(context, visitor, request) {
            case .success(let found): user = found
            case .failure(let answer): return answer
            }
            switch action {
            case .edit: return try await renderEdit(visitor, user, request: request, form: nil, problem: nil)
            case .roles: return try await renderRoles(visitor, user, request: request, form: nil, problem: nil)
            case .environments: return try await renderEnvironments(visitor, user, request: request, form: nil, problem: nil)
            default:
                let values = ["id": user.id, "name": user.displayName, "email": user.email]
                return console.page("users-delete", values, visitor: visitor, request: request)
            }
        }
    }

    func perform(_ action: RowAction, _ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [action.feature]) { visitor, form in
            let user: User
            switch try await target(context, visitor, request) {
            case .success(let found): user = found
            case .failure(let answer): return answer
            }
            do {
                switch action {
                case .edit: return try await saveEdit(visitor, user, form, request: request)
                case .roles: return try await saveRoles(visitor, user, form, request: request)
                case .environments: return try await saveEnvironments(visitor, user, form, request: request)
                case .resendInvite:
                    try await visitor.identity.resendInvitation(userID: user.id, accountID: visitor.accountID)
                    return console.redirect("/console/users?notice=invite-resent")
                case .resetPassword:
                    try await visitor.identity.resetPassword(userID: user.id, accountID: visitor.accountID)
                    return console.redirect("/console/users?notice=reset-sent")
                case .forceLogout:
                    try await visitor.identity.forceLogout(userID: user.id, accountID: visitor.accountID)
                    return console.redirect("/console/users?notice=logged-out")
                case .delete:
                    try await visitor.provisioning.deleteUser(id: user.id, accountID: visitor.accountID)
                    return console.redirect("/console/users?notice=deleted")
                }
            } catch {
                return refused(error, visitor, request: request)
            }
        }
    }

    /// The user named in the address; a deleted (Inactive) one has no actions left.
    private func target(_ context: GatehouseRequestContext, _ visitor: Visitor, _ request: Request) async throws -> Gate<User> {
        let id = context.parameters.get("user_id") ?? ""
        do {
            let user = try await visitor.provisioning.user(id: id, accountID: visitor.accountID).user
            guard !user.isDeleted else {
                let error = GatehouseError.notAllowed("\(user.email) is deleted (Inactive): nothing can be changed")
                return .failure(refused(error, visitor, request: request))
            }
            return .success(user)
        } catch {
            return .failure(refused(error, visitor, request: request))
        }
    }

    private func refused(_ error: any Error, _ visitor: Visitor, request: Request) -> Response {
        let (status, message) = console.refusal(error, request: request)
        return console.page("message", status: status, ["heading": "This could not be done", "error": message, "back": "/console/users"],
                            visitor: visitor, request: request)
    }

    // MARK: Edit (name, email, groups)

    func renderEdit(_ visitor: Visitor, _ user: User, request: Request, form: ConsoleForm?, problem: FormProblem?) async throws -> Response {
        let groups = try await visitor.provisioning.groups(accountID: visitor.accountID)
        let held = try await visitor.provisioning.groups(ofUser: user.id, accountID: visitor.accountID).map(\.id)
        var values: [String: Any] = [
            "id": user.id, "who": user.displayName, "name": form?["name"] ?? user.name, "email": form?["email"] ?? user.email,
            "groupOptions": Self.groupOptions(groups, checked: Set(form?.names(after: "group_") ?? held)),
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("users-edit", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }

    private func saveEdit(_ visitor: Visitor, _ user: User, _ form: ConsoleForm, request: Request) async throws -> Response {
        func again(_ problem: FormProblem) async throws -> Response {
            try await renderEdit(visitor, user, request: request, form: form, problem: problem)
        }
        // Everything is checked before the first write, so the two writes below do not stop half-way on bad input.
        let email: String
        let name: String?
        do {
            email = try EmailRule.validated(form["email"])
            name = try FieldRules.optionalName(form["name"], field: "name")
        } catch { return try await again(console.problem(error, request: request)) }
        var query = UserQuery(accountID: visitor.accountID)
        query.emails = [EmailRule.canonical(email)]
        if try await visitor.provisioning.users(query).contains(where: { $0.id != user.id && !$0.isDeleted }) {
            return try await again(FormProblem(status: .conflict, message: "Another user already has the email \(email).", field: "email"))
        }
        let groupIDs: [String]
        switch Self.groups(form, known: try await visitor.provisioning.groups(accountID: visitor.accountID)) {
        case .ok(let ids): groupIDs = ids
        case .refused(let problem): return try await again(problem)
        }
        do {
            try await visitor.provisioning.setGroups(ofUser: user.id, to: groupIDs, accountID: visitor.accountID)
            _ = try await visitor.provisioning.updateUser(id: user.id, accountID: visitor.accountID, changes: UserChanges(name: name, email: email))
        } catch GatehouseError.conflict(let message) {
            return try await again(FormProblem(status: .conflict, message: message, field: "email"))
        } catch {
            return try await again(console.problem(error, request: request))
        }
        return console.redirect("/console/users?notice=saved")
    }

    // MARK: Assign roles

    func renderRoles(_ visitor: Visitor, _ user: User, request: Request, form: ConsoleForm?, problem: FormProblem?) async throws -> Response {
        let picker = try await RolePicker.load(for: visitor, holder: .user)
        let asked = form?[RolePicker.levelField] ?? request.uri.queryParameters["level"].map(String.init) ?? "account"
        let level = picker.level(asked) ?? .account
        let held = try await directGlobalRoles(visitor, user)
        let checked = form.map { RolePicker.ticked($0) } ?? Set(held.filter { $0.scopeID == level.scopeID }.map(\.roleID))
        var values: [String: Any] = [
            "id": user.id, "who": user.displayName, "picker": picker.values(level: level, checked: checked),
            "held": held.map { ["role": $0.label, "scope": picker.label(of: $0.scopeID)] },
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("users-roles", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }

    private func directGlobalRoles(_ visitor: Visitor, _ user: User) async throws -> [(roleID: String, scopeID: String?, label: String)] {
        try await visitor.permissions.directRoles(
            of: Principal(type: .user, id: user.id), accountID: visitor.accountID, permissionType: .global, filter: ScopeFilter(), managementType: nil
        ).map { ($0.role.id, $0.assignment.scopeID, RolePicker.label($0.role)) }
    }

    /// Replaces the user's direct global roles at the chosen level (one transaction); those at other levels stay.
    private func saveRoles(_ visitor: Visitor, _ user: User, _ form: ConsoleForm, request: Request) async throws -> Response {
        let level: RoleLevel, picked: [Role]
        switch try await RolePicker.load(for: visitor, holder: .user).read(form) {
        case .ok(let value): (level, picked) = value
        case .refused(let problem): return try await renderRoles(visitor, user, request: request, form: form, problem: problem)
        }
        do {
            try await visitor.permissions.replaceGlobalRoles(
                of: Principal(type: .user, id: user.id), at: level, with: picked.map(\.id), accountID: visitor.accountID)
        } catch {
            return try await renderRoles(visitor, user, request: request, form: form, problem: console.problem(error, request: request))
        }
        return console.redirect("/console/users?notice=roles-saved")
    }

    // MARK: Product environments

    func renderEnvironments(_ visitor: Visitor, _ user: User, request: Request, form: ConsoleForm?, problem: FormProblem?) async throws -> Response {
        let environments = try await visitor.provisioning.environments(EnvironmentQuery(accountID: visitor.accountID)).map(\.0)
        let all = form.map { $0["environments"] != "some" } ?? user.allSubAccounts
        var values: [String: Any] = [
            "id": user.id, "who": user.displayName, "allEnvironments": all, "masterAdmin": user.role == .masterAdmin,
            "environmentOptions": Self.environmentOptions(environments, checked: Set(form?.names(after: "env_") ?? user.subAccountIDs)),
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("users-environments", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }

    private func saveEnvironments(_ visitor: Visitor, _ user: User, _ form: ConsoleForm, request: Request) async throws -> Response {
        let environments = try await visitor.provisioning.environments(EnvironmentQuery(accountID: visitor.accountID)).map(\.0)
        switch Self.environmentAccess(form, environments: environments) {
        case .refused(let problem): return try await renderEnvironments(visitor, user, request: request, form: form, problem: problem)
        case .ok(let access):
            do {
                _ = try await visitor.provisioning.setEnvironmentAccess(ofUser: user.id, to: access, accountID: visitor.accountID)
            } catch {
                let problem = console.problem(error, request: request, fields: ["sub_account_ids": "environments"])
                return try await renderEnvironments(visitor, user, request: request, form: form, problem: problem)
            }
            return console.redirect("/console/users?notice=environments-saved")
        }
    }
}
