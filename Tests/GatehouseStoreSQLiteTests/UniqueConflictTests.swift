import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// A write that only the database's unique index stops (two writers passing the rule's check at once) is a
/// 409 whose message carries none of SQLite's text (table and column names).
@Suite struct UniqueConflictTests {
    @Test func aUniqueIndexViolationIsAConflictWithoutSQLiteText() async throws {
        let f = try await Fixture()
        let account = f.accountID
        let now = Date()
        do {
            try await f.store.write { db in
                try db.insert(UserGroup(id: "g1", accountID: account, name: "Same", createdAt: now, updatedAt: now))
                try db.insert(UserGroup(id: "g2", accountID: account, name: "same", createdAt: now, updatedAt: now))
            }
            Issue.record("the second group with the same name was stored")
        } catch let error as GatehouseError {
            #expect(error == .conflict("Already exists"))
            for word in ["UNIQUE", "constraint", "userGroup", "nameKey"] {
                #expect(!error.description.contains(word), "\(error.description)")
            }
        }
        #expect(try await f.store.read { db in try db.groups(accountID: account) }.isEmpty)
    }
}
