import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Retention removes old events behind a signed checkpoint: what is left still verifies, a forged or
/// moved checkpoint does not, and nothing else can delete an event.
@Suite struct AuditRetentionTests {
    /// The same store and signing key, `days` later.
    static func later(_ f: Fixture, days: Double) -> GatehouseServices {
        GatehouseServices(
            store: f.store, resources: f.services.resources, auditSigner: f.services.audit.signer,
            now: { Date().addingTimeInterval(days * 86_400) })
    }

    static func all(_ f: Fixture) async throws -> [AuditEvent] {
        try await f.store.read { db in
            var events: [AuditEvent] = []
            try db.forEachAuditEvent { events.append($0); return true }
            return events
        }
    }

    static func tamper(_ f: Fixture, _ sql: String) async throws {
        try await f.database.execute(
            sqlite: "DROP TRIGGER IF EXISTS auditCheckpoint_no_update; DROP TRIGGER IF EXISTS auditEvent_no_delete; " + sql,
            postgres: "ALTER TABLE auditCheckpoint DISABLE TRIGGER USER; ALTER TABLE auditEvent DISABLE TRIGGER USER; " + sql)
    }

    /// Old events, pruned 40 days later with a 30-day retention.
    static func pruned() async throws -> (Fixture, AuditCheckpoint, oldEvents: [AuditEvent]) {
        let f = try await Fixture()
        for name in ["A", "B", "C"] { _ = try await f.service.createGroup(name: name, accountID: f.accountID) }
        let old = try await Self.all(f)
        let result = try await Self.later(f, days: 40).audit.acting(as: .local).prune(keepingDays: 30)
        let (checkpoint, count) = try #require(result)
        #expect(count == old.count && checkpoint.sequence == old.last?.sequence && checkpoint.hash == old.last?.hash)
        return (f, checkpoint, old)
    }

    @Test func pruningKeepsTheChainVerifiableFromASignedCheckpoint() async throws {
        let (f, _, old) = try await Self.pruned()
        let left = try await Self.all(f)
        // Only the event recording the cut is left, chained to the checkpoint.
        #expect(left.map(\.action) == ["audit.prune"])
        #expect(left.first?.sequence == Int64(old.count + 1) && left.first?.previousHash == old.last?.hash)
        #expect(left.first?.actor.type == .cli && left.first?.after?.objectValue?["events_pruned"] == .integer(Int64(old.count)))
        #expect(try await f.services.audit.verify() == .intact(count: 1))
        // New events keep chaining; pruning again with nothing that old does nothing.
        _ = try await f.service.createGroup(name: "D", accountID: f.accountID)
        #expect(try await f.services.audit.verify() == .intact(count: 2))
        #expect(try await f.services.audit.acting(as: .local).prune(keepingDays: 30) == nil)
    }

    @Test func aForgedOrMovedCheckpointIsNamed() async throws {
        let (f, checkpoint, _) = try await Self.pruned()
        // Moving the cut to hide more events needs a new signature the database does not have.
        try await Self.tamper(f, "UPDATE auditCheckpoint SET sequence = sequence + 1")
        guard case .broken(let id, let sequence, _) = try await f.services.audit.verify() else {
            Issue.record("a moved checkpoint verified")
            return
        }
        #expect(id == "checkpoint" && sequence == checkpoint.sequence + 1)
        // And a checkpoint signed by another key is refused.
        let (g, _, _) = try await Self.pruned()
        let foreign = GatehouseServices(store: g.store, resources: g.services.resources, auditSigner: AuditSigner())
        guard case .broken(let foreignID, _, _) = try await foreign.audit.verify() else {
            Issue.record("a checkpoint of another key verified")
            return
        }
        #expect(foreignID == "checkpoint")
    }

    /// The public key kept away from the data directory: a checkpoint re-signed with a key put in its
    /// place does not pass it.
    @Test func aPublicKeyKeptElsewhereChecksTheCheckpoint() async throws {
        let (f, _, _) = try await Self.pruned()
        let kept = try AuditVerifyingKey(base64: f.services.audit.signer.verifyingKey.base64)
        #expect(try await f.services.audit.verify(key: kept) == .intact(count: 1))
        guard case .broken(let id, _, _) = try await f.services.audit.verify(key: AuditSigner().verifyingKey) else {
            Issue.record("another key accepted the checkpoint")
            return
        }
        #expect(id == "checkpoint")
        #expect(throws: GatehouseError.self) { try AuditVerifyingKey(base64: "not a key") }
    }

    @Test func eventsAfterTheCheckpointStillCannotBeRemoved() async throws {
        let (f, checkpoint, _) = try await Self.pruned()
        _ = try await f.service.createGroup(name: "D", accountID: f.accountID)
        await #expect(throws: (any Error).self) { try await f.database.execute(sqlite: "DELETE FROM auditEvent", postgres: "DELETE FROM auditEvent") }
        await #expect(throws: (any Error).self) { try await f.database.execute(sqlite: "DELETE FROM auditCheckpoint", postgres: "DELETE FROM auditCheckpoint") }
        // Removed anyway by someone who drops the trigger: named by the event after the gap.
        try await Self.tamper(f, "DELETE FROM auditEvent WHERE sequence = \(checkpoint.sequence + 1)")
        guard case .broken(_, let sequence, _) = try await f.services.audit.verify() else {
            Issue.record("a removed event went unnoticed")
            return
        }
        #expect(sequence == checkpoint.sequence + 2)
    }

    @Test func onlyTheOperatorPrunes() async throws {
        let f = try await Fixture()
        let key = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ops")
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: AssignmentRules.masterAdminAccountRoleID, principal: Principal(type: .provisioningKey, id: key.key), scopeID: nil, parameters: [:])],
            operation: .add, accountID: f.accountID)
        let before = try await Self.all(f)
        await #expect(throws: GatehouseError.self) {
            try await Self.later(f, days: 40).audit.acting(as: .principal(Principal(type: .provisioningKey, id: key.key))).prune(keepingDays: 30)
        }
        await #expect(throws: GatehouseError.self) { try await f.services.audit.acting(as: .local).prune(keepingDays: 0) }
        // Nor does anyone else record that the store was replaced (`gatehouse restore`, `gatehouse migrate`).
        await #expect(throws: GatehouseError.self) {
            try await f.services.audit.acting(as: .principal(Principal(type: .provisioningKey, id: key.key)))
                .recordStoreOperation("store.restore", details: [:])
        }
        #expect(try await Self.all(f) == before)
        try await f.services.audit.acting(as: .local).recordStoreOperation("store.migrate", details: ["source": .string("/data")])
        let recorded = try #require(try await Self.all(f).last)
        #expect(recorded.action == "store.migrate" && recorded.actor.type == .cli && recorded.accountID == f.accountID)
    }
}
