import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import GRDB
import Testing

/// The chain verifies when untouched and names the first event that was altered, removed or reordered
/// directly in the SQLite file; concurrent writers (group commit) never fork it.
@Suite struct AuditChainTests {
    /// A fixture with a few more events (one per group), and its events oldest first.
    static func logged() async throws -> (Fixture, [AuditEvent]) {
        let f = try await Fixture()
        for name in ["A", "B", "C", "D", "E", "F"] { _ = try await f.service.createGroup(name: name, accountID: f.accountID) }
        let events = try await f.store.read { db in
            var all: [AuditEvent] = []
            try db.forEachAuditEvent { all.append($0); return true }
            return all
        }
        return (f, events)
    }

    static func verify(_ f: Fixture) async throws -> AuditVerification {
        try await f.reopen().read { [key = f.services.audit.signer.verifyingKey] in try AuditChain.verify($0, key: key) }
    }

    /// Changes the file as someone with access to it could: the append-only triggers dropped first.
    static func tamper(_ f: Fixture, _ change: (Database) throws -> Void) throws {
        let queue = try DatabaseQueue(path: f.directory.appendingPathComponent("gatehouse.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER auditEvent_no_update; DROP TRIGGER auditEvent_no_delete")
            try change(db)
        }
    }

    @Test func anUntouchedLogVerifies() async throws {
        let (f, events) = try await Self.logged()
        #expect(events.count >= 6)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        #expect(events.first?.previousHash == AuditChain.genesisHash)
        #expect(try await Self.verify(f) == .intact(count: events.count))
    }

    @Test func theStoreRefusesToRewriteAnEvent() async throws {
        let (f, _) = try await Self.logged()
        let queue = try DatabaseQueue(path: f.directory.appendingPathComponent("gatehouse.sqlite").path)
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE auditEvent SET action = 'x'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM auditEvent") } }
    }

    @Test func anAlteredEventIsNamed() async throws {
        let (f, events) = try await Self.logged()
        let third = events[2]
        try Self.tamper(f) { try $0.execute(sql: "UPDATE auditEvent SET targetName = 'Mallory' WHERE sequence = 3") }
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == third.id && sequence == 3)
    }

    /// Rewriting the hash of the altered event too moves the break to the next event, which still names
    /// the old hash.
    @Test func anAlteredEventWithARecomputedHashBreaksTheNext() async throws {
        let (f, events) = try await Self.logged()
        var forged = events[2]
        forged.after = .object(["name": .string("Mallory")])
        let hash = AuditChain.hash(of: forged)
        try Self.tamper(f) {
            try $0.execute(
                sql: "UPDATE auditEvent SET afterJSON = ?, hash = ? WHERE sequence = 3",
                arguments: [AuditCanonicalEncoding.json(forged.after!), hash])
        }
        #expect(try await { if case .broken(let id, 4, _) = try await Self.verify(f) { id == events[3].id } else { false } }())
    }

    @Test func aRemovedEventIsNamedByTheOneAfterIt() async throws {
        let (f, events) = try await Self.logged()
        try Self.tamper(f) { try $0.execute(sql: "DELETE FROM auditEvent WHERE sequence = 3") }
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == events[3].id && sequence == 4)
    }

    @Test func reorderedEventsAreNamed() async throws {
        let (f, events) = try await Self.logged()
        try Self.tamper(f) {
            try $0.execute(sql: """
                UPDATE auditEvent SET sequence = -1 WHERE sequence = 3;
                UPDATE auditEvent SET sequence = 3 WHERE sequence = 5;
                UPDATE auditEvent SET sequence = 5 WHERE sequence = -1;
                """)
        }
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == events[4].id && sequence == 3)
    }

    @Test func anUnreadableEventIsNamed() async throws {
        let (f, events) = try await Self.logged()
        try Self.tamper(f) { try $0.execute(sql: "UPDATE auditEvent SET actorType = 'ghost' WHERE sequence = 2") }
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == events[1].id && sequence == 2)
    }

    /// Writers batched by group commit, and a second store on the same file, all append to one chain.
    @Test func concurrentAppendsKeepOneChain() async throws {
        let (f, events) = try await Self.logged()
        let other = try f.reopenedProvisioning()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for i in 0..<40 {
                let service = i.isMultiple(of: 3) ? other : f.service
                tasks.addTask { _ = try await service.createGroup(name: "G\(i)", accountID: f.accountID) }
            }
            try await tasks.waitForAll()
        }
        #expect(try await Self.verify(f) == .intact(count: events.count + 40))
    }
}
