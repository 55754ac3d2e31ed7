import Foundation
import GatehouseCore
import Hummingbird

extension ProvisioningRoutes {
    struct UsersBody: Encodable { var users: [WireUser] }
    struct GroupsOfUserBody: Encodable {
        struct Group: Encodable { var id: String; var name: String }
        var groups: [Group]
    }
    struct SubAccountsBody: Encodable { var sub_accounts: [WireSubAccountSummary] }

    func registerUsers(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("users") { request, context in
            let query = try Self.userQuery(QueryParameters(request.uri.query), accountID: try context.requireAccount())
            let users = try await service.users(query)
            let facts = try await service.signInFacts(of: users)
            return try JSONResponse.make(UsersBody(users: users.map { WireUser($0, facts: facts[$0.id] ?? SignInFacts()) }))
        }
        group.post("users") { request, context in
            let body = try await WireBody.read(request, context: context)
            let new = NewUser(
                name: try body.requiredString("name"), email: try body.requiredString("email"),
                role: try body.enumValue("role", LegacyRole.self),
                subAccountIDs: try body.stringList("sub_account_ids"), enabled: try body.bool("enabled"))
            let user = try await service.acting(as: try context.caller()).createUser(new, accountID: try context.requireAccount())
            return try JSONResponse.make(WireUser(user, facts: SignInFacts(), groupCount: 0))
        }
        group.get("users/:user_id") { _, context in
            let details = try await service.user(id: try context.path("user_id"), accountID: try context.requireAccount())
            let facts = try await service.signInFacts(of: [details.user])
            return try JSONResponse.make(WireUser(details.user, facts: facts[details.user.id] ?? SignInFacts(), groupCount: details.groupCount))
        }
        group.put("users/:user_id") { request, context in
            let body = try await WireBody.read(request, context: context)
            let changes = UserChanges(
                name: try body.string("name"), email: try body.string("email"),
                role: try body.enumValue("role", LegacyRole.self),
                subAccountIDs: try body.stringList("sub_account_ids"), enabled: try body.bool("enabled"))
            let user = try await service.acting(as: try context.caller()).updateUser(
                id: try context.path("user_id"), accountID: try context.requireAccount(), changes: changes)
            let facts = try await service.signInFacts(of: [user])
            return try JSONResponse.make(WireUser(user, facts: facts[user.id] ?? SignInFacts()))
        }
        group.delete("users/:user_id") { _, context in
            try await service.acting(as: try context.caller()).deleteUser(id: try context.path("user_id"), accountID: try context.requireAccount())
            return try JSONResponse.ok()
        }
        group.get("users/:user_id/groups") { _, context in
            let groups = try await service.groups(ofUser: try context.path("user_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(GroupsOfUserBody(groups: groups.map { .init(id: $0.id, name: $0.name) }))
        }
        group.get("users/:user_id/sub_accounts") { _, context in
            let envs = try await service.environments(ofUser: try context.path("user_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(SubAccountsBody(sub_accounts: envs.map(WireSubAccountSummary.init)))
        }
    }

    /// Maps both SDKs' filters onto a `UserQuery`: `pending=true` (new) and `status=…` (legacy).
    static func userQuery(_ q: QueryParameters, accountID: String) throws -> UserQuery {
        var query = UserQuery(accountID: accountID)
        query.ids = try FieldRules.filterValues(q.list("ids"), field: "ids")
        query.emails = try FieldRules.filterValues(q.list("emails"), field: "emails").map(EmailRule.canonical)
        query.namePrefix = q.string("prefix")
        query.subAccountID = q.string("sub_account_id")
        if try q.bool("pending") == true { query.status = .pending }
        if let status = try q.enumValue("status", UserStatus.self) { query.status = status }
        let from = try q.day("from")
        let to = try q.day("to")
        let mode = try q.enumValue("union_type", UserQuery.RangeMode.self) ?? .include
        if try q.bool("last_login") == true {
            query.lastLogin = .init(from: from, until: to.map { $0.addingTimeInterval(86_400) }, mode: mode)
        }
        query.sortBy = try q.enumValue("sort_by", UserQuery.SortField.self) ?? .createdAt
        query.sortOrder = try q.enumValue("sort_order", UserQuery.SortOrder.self) ?? .desc
        query.page = try q.int("page", in: 1...1_000_000) ?? 1
        query.pageSize = try q.int("page_size", in: 1...10_000)
        return query
    }
}
