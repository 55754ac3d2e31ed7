import Foundation
import GatehouseCore
import Testing

/// The store's side of the chain on either store: a log longer than the pages `forEachAuditEvent` reads
/// comes back whole and in order, and an append that rolls back leaves no gap for the verifier to take
/// for a deletion.
@Suite struct AuditStreamingTests {
    struct Rollback: Error {}

    static func draft(_ accountID: String, _ n: Int) -> AuditDraft {
        AuditDraft(
            accountID: accountID, actor: AuditActor(type: .cli, id: "cli", authentication: "local"), action: "test.event",
            target: AuditTarget(type: "test", id: "t\(n)"), after: .object(["n": .integer(Int64(n))]))
    }

    @Test func aLogLongerThanOnePageStreamsWholeAndInOrder() async throws {
        let f = try await Fixture()
        let accountID = f.accountID
        let appended = try await f.store.write { db in try (0..<2_500).map { try db.append(Self.draft(accountID, $0)) } }
        let (all, firstThree) = try await f.store.read { db in
            var all: [AuditEvent] = []
            try db.forEachAuditEvent { all.append($0); return true }
            var firstThree: [AuditEvent] = []
            try db.forEachAuditEvent { firstThree.append($0); return firstThree.count < 3 }
            return (all, firstThree)
        }
        let sequences = all.map(\.sequence)
        #expect(sequences == Array(1...Int64(all.count)))
        #expect(Array(all.suffix(2_500)) == appended)
        #expect(firstThree == Array(all.prefix(3)))
        #expect(try await f.services.audit.verify() == .intact(count: all.count))
    }

    @Test func anAppendThatRollsBackLeavesNoGap() async throws {
        let f = try await Fixture()
        let accountID = f.accountID
        let before = try await f.store.write { db in try db.append(Self.draft(accountID, 1)) }
        await #expect(throws: Rollback.self) {
            try await f.store.write { db -> Int in
                _ = try db.append(Self.draft(accountID, 2))
                throw Rollback()
            }
        }
        let after = try await f.store.write { db in try db.append(Self.draft(accountID, 3)) }
        #expect(after.sequence == before.sequence + 1 && after.previousHash == before.hash)
        #expect(try await f.store.read { db in try db.auditEvents(AuditQuery(accountID: accountID, action: "test.event")) } == [after, before])
        #expect(try await f.services.audit.verify() == .intact(count: Int(after.sequence)))
    }
}
