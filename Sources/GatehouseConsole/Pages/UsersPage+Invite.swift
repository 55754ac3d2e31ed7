import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// **Invite** (up to five users with shared roles, environments and groups) and **Change user limit**.
extension UsersPage {
    func inviteForm(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.usersCreate]) { visitor in
            try await renderInvite(visitor, request: request, form: nil, problem: nil)
        }
    }

    func invite(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.usersCreate]) { visitor, form in
            let picker = try await RolePicker.load(for: visitor, holder: .user)
            let knownGroups = try await visitor.provisioning.groups(accountID: visitor.accountID)
            var people: [Invitation.Person] = []
            for n in 1...Invitation.maxPeople {
                let email = form["email_\(n)"].trimmingCharacters(in: .whitespaces), name = form["name_\(n)"]
                if email.isEmpty, name.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if email.isEmpty {
                    let problem = Console.fieldProblem("email_\(n)", "Enter the email for Name \(n).")
                    return try await renderInvite(visitor, request: request, form: form, problem: problem)
                }
                people.append(Invitation.Person(email: email, name: name))
            }
            if people.isEmpty {
                let problem = Console.fieldProblem("email_1", "Enter at least one email.")
                return try await renderInvite(visitor, request: request, form: form, problem: problem)
            }
            let picked: (RoleLevel, [Role])
            let access: [String]?
            let groups: [String]
            switch picker.read(form) {
            case .ok(let value): picked = value
            case .refused(let problem): return try await renderInvite(visitor, request: request, form: form, problem: problem)
            }
            switch Self.environmentAccess(form, environments: picker.environments) {
            case .ok(let value): access = value
            case .refused(let problem): return try await renderInvite(visitor, request: request, form: form, problem: problem)
            }
            switch Self.groups(form, known: knownGroups) {
            case .ok(let value): groups = value
            case .refused(let problem): return try await renderInvite(visitor, request: request, form: form, problem: problem)
            }
            let invitation = Invitation(
                people: people, roles: picked.1.map { ($0.id, picked.0.scopeID) }, subAccountIDs: access, groupIDs: groups)
            do {
                let created = try await visitor.provisioning.invite(invitation, accountID: visitor.accountID, permissions: visitor.permissions)
                return console.redirect("/console/users?notice=\(created.count == 1 ? "invited-1" : "invited")")
            } catch GatehouseError.seatLimitReached(let limit) {
                let message = "Inviting \(people.count) user\(people.count == 1 ? "" : "s") would go over the account's limit of \(limit) users, "
                    + "so nobody was invited. Invite fewer users, or change the user limit."
                let problem = FormProblem(status: .conflict, message: message, field: "seats")
                return try await renderInvite(visitor, request: request, form: form, problem: problem)
            } catch {
                let problem = console.problem(error, request: request, fields: ["scope_id": "level", "sub_account_ids": "environments"])
                return try await renderInvite(visitor, request: request, form: form, problem: problem)
            }
        }
    }

    /// The form, empty or as posted with the problem next to its field.
    func renderInvite(_ visitor: Visitor, request: Request, form: ConsoleForm?, problem: FormProblem?) async throws -> Response {
        let picker = try await RolePicker.load(for: visitor, holder: .user)
        let groups = try await visitor.provisioning.groups(accountID: visitor.accountID)
        let level = form.flatMap { picker.level($0[RolePicker.levelField]) } ?? .account
        let rows = (1...Invitation.maxPeople).map { n -> [String: Any] in
            var row: [String: Any] = ["n": n, "email": form?["email_\(n)"] ?? "", "name": form?["name_\(n)"] ?? ""]
            if problem?.field == "email_\(n)" { row["emailError"] = problem?.message }
            if problem?.field == "name_\(n)" { row["nameError"] = problem?.message }
            return row
        }
        var values: [String: Any] = [
            "people": rows, "picker": picker.values(level: level, checked: RolePicker.ticked(form)),
            "allEnvironments": form.map { $0["environments"] != "some" } ?? true,
            "environmentOptions": Self.environmentOptions(picker.environments, checked: Set(form?.names(after: "env_") ?? [])),
            "groupOptions": Self.groupOptions(groups, checked: Set(form?.names(after: "group_") ?? [])),
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("users-invite", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }

    // MARK: Change user limit

    func seatsForm(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.billingManage, .accountUpdate]) { visitor in
            try await renderSeats(visitor, request: request, typed: nil, problem: nil)
        }
    }

    func changeSeats(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.billingManage, .accountUpdate]) { visitor, form in
            let typed = form["additional_users"].trimmingCharacters(in: .whitespaces)
            guard let additional = Int(typed), SeatPolicy.additionalSubscriptionsRange.contains(additional) else {
                let problem = Console.fieldProblem(
                    "additional_users", "Additional users must be a whole number from 0 to 20 (more needs a plan change).")
                return try await renderSeats(visitor, request: request, typed: typed, problem: problem)
            }
            do {
                _ = try await visitor.accounts.setSeats(accountID: visitor.accountID, planUserLimit: nil, additionalUserSubscriptions: additional)
                return console.redirect("/console/users?notice=seats-changed")
            } catch {
                let problem = console.problem(error, request: request)
                return try await renderSeats(visitor, request: request, typed: typed, problem: problem)
            }
        }
    }

    func renderSeats(_ visitor: Visitor, request: Request, typed: String?, problem: FormProblem?) async throws -> Response {
        var query = UserQuery(accountID: visitor.accountID)
        query.pageSize = 1
        let table = try await visitor.provisioning.userTable(query)
        let account = try await visitor.accounts.accounts().first { $0.id == visitor.accountID }
        var values: [String: Any] = [
            "seatsUsed": table.seatsUsed, "seatLimit": table.seatLimit, "planLimit": account?.planUserLimit ?? 0,
            "additionalUsers": typed ?? String(account?.additionalUserSubscriptions ?? 0),
        ]
        if let problem { values.merge(problem.values) { $1 } }
        return console.page("users-seats", status: problem?.status ?? .ok, values, visitor: visitor, request: request)
    }
}
