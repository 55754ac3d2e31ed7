import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// The chain verifies when untouched and names the first event that was altered, removed or reordered
/// directly in the database; concurrent writers (group commit) never fork it.
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

    /// Changes the data as someone with access to the database could: the append-only triggers dropped
    /// (disabled) first. `sql` is written in the dialects' common part.
    static func tamper(_ f: Fixture, _ sql: String) async throws {
        try await f.database.execute(
            sqlite: "DROP TRIGGER auditEvent_no_update; DROP TRIGGER auditEvent_no_delete; " + sql,
            postgres: "ALTER TABLE auditEvent DISABLE TRIGGER USER; " + sql)
    }

    @Test func anUntouchedLogVerifies() async throws {
        let (f, events) = try await Self.logged()
        #expect(events.count >= 6)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        #expect(events.first?.previousHash == AuditChain.genesisHash)
        #expect(try await Self.verify(f) == .intact(count: events.count))
    }

    @Test func theStoreRefusesToRewriteAnEvent() async throws {
        let (f, events) = try await Self.logged()
        await #expect(throws: (any Error).self) { try await f.database.execute(sqlite: "UPDATE auditEvent SET action = 'x'", postgres: "UPDATE auditEvent SET action = 'x'") }
        await #expect(throws: (any Error).self) { try await f.database.execute(sqlite: "DELETE FROM auditEvent", postgres: "DELETE FROM auditEvent") }
        #expect(try await Self.verify(f) == .intact(count: events.count))
    }

    @Test func anAlteredEventIsNamed() async throws {
        let (f, events) = try await Self.logged()
        let third = events[2]
        try await Self.tamper(f, "UPDATE auditEvent SET targetName = 'Mallory' WHERE sequence = 3")
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
        let json = AuditCanonicalEncoding.json(try #require(forged.after)).replacingOccurrences(of: "'", with: "''")
        try await Self.tamper(f, "UPDATE auditEvent SET afterJSON = '\(json)', hash = '\(hash)' WHERE sequence = 3")
        #expect(try await { if case .broken(let id, 4, _) = try await Self.verify(f) { id == events[3].id } else { false } }())
    }

    @Test func aRemovedEventIsNamedByTheOneAfterIt() async throws {
        let (f, events) = try await Self.logged()
        try await Self.tamper(f, "DELETE FROM auditEvent WHERE sequence = 3")
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == events[3].id && sequence == 4)
    }

    @Test func reorderedEventsAreNamed() async throws {
        let (f, events) = try await Self.logged()
        try await Self.tamper(f, """
            UPDATE auditEvent SET sequence = -1 WHERE sequence = 3;
            UPDATE auditEvent SET sequence = 3 WHERE sequence = 5;
            UPDATE auditEvent SET sequence = 5 WHERE sequence = -1;
            """)
        guard case .broken(let id, let sequence, _) = try await Self.verify(f) else { Issue.record("not detected"); return }
        #expect(id == events[4].id && sequence == 3)
    }

    @Test func anUnreadableEventIsNamed() async throws {
        let (f, events) = try await Self.logged()
        try await Self.tamper(f, "UPDATE auditEvent SET actorType = 'ghost' WHERE sequence = 2")
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
