import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

@Suite struct UserQueryTests {
    func seeded() async throws -> (Fixture, [User]) {
        let f = try await Fixture()
        var users: [User] = []
        for (name, email) in [("Anna Smith", "anna@example.com"), ("annie Jones", "annie@example.com"), ("Bob Brown", "bob@example.com")] {
            users.append(try await f.service.createUser(NewUser(name: name, email: email), accountID: f.accountID))
        }
        return (f, users)
    }

    @Test func prefixIsCaseInsensitiveOnName() async throws {
        let (f, _) = try await seeded()
        var q = UserQuery(accountID: f.accountID)
        q.namePrefix = "ANN"
        #expect(Set(try await f.service.users(q).map(\.name)) == ["Anna Smith", "annie Jones"])
    }

    @Test func idsAndEmailsSelectAndOverrideOtherFilters() async throws {
        let (f, users) = try await seeded()
        var q = UserQuery(accountID: f.accountID)
        q.ids = [users[0].id]
        q.emails = ["bob@example.com"]
        q.namePrefix = "zzz"
        #expect(Set(try await f.service.users(q).map(\.id)) == [users[0].id, users[2].id])
    }

    @Test func statusFilterAndDefaultNewestFirst() async throws {
        let (f, users) = try await seeded()
        var q = UserQuery(accountID: f.accountID)
        q.status = .pending
        #expect(try await f.service.users(q).map(\.id) == users.reversed().map(\.id))
        q.status = .active
        #expect(try await f.service.users(q).map(\.root) == [true])
    }

    @Test func sortingAndPaging() async throws {
        let (f, _) = try await seeded()
        var q = UserQuery(accountID: f.accountID)
        q.sortBy = .name
        q.sortOrder = .asc
        q.pageSize = 2
        #expect(try await f.service.users(q).map(\.name) == ["Anna Smith", "annie Jones"])
        q.page = 2
        #expect(try await f.service.users(q).map(\.name) == ["Bob Brown", "Root"])
        q.page = 3
        #expect(try await f.service.users(q).isEmpty)
    }

    @Test func subAccountFilterFindsUsersWithAccess() async throws {
        let (f, users) = try await seeded()
        let env = try await f.service.createEnvironment(NewEnvironment(name: "Other"), accountID: f.accountID).0
        _ = try await f.service.updateUser(
            id: users[2].id, accountID: f.accountID, changes: UserChanges(role: .admin, subAccountIDs: [env.id]))
        let first = try #require(try await f.service.environments(UserQuery.all(f.accountID)).first)
        var q = UserQuery(accountID: f.accountID)
        q.subAccountID = first.0.id
        #expect(!(try await f.service.users(q).contains { $0.id == users[2].id }))
        q.subAccountID = env.id
        #expect(try await f.service.users(q).contains { $0.id == users[2].id })
        q.subAccountID = "missing"
        await #expect(throws: GatehouseError.notFound(kind: .subAccount, id: "missing")) { try await f.service.users(q) }
    }

    @Test func lastLoginRangeIncludeAndExclude() async throws {
        let (f, users) = try await seeded()
        let loginDay = Date(timeIntervalSince1970: 1_700_000_000)
        try await f.store.write { db in
            var user = try #require(try db.user(id: users[0].id, accountID: "acc1"))
            user.lastLogin = loginDay
            try db.update(user)
        }
        var q = UserQuery(accountID: f.accountID)
        q.lastLogin = .init(from: loginDay.addingTimeInterval(-86_400), until: loginDay.addingTimeInterval(86_400), mode: .include)
        #expect(try await f.service.users(q).map(\.id) == [users[0].id])
        q.lastLogin?.mode = .exclude
        #expect(try await f.service.users(q).count == 3)
    }
}

extension UserQuery {
    /// Environment listing helper for tests: every environment of the account.
    static func all(_ accountID: String) -> EnvironmentQuery { EnvironmentQuery(accountID: accountID) }
}
