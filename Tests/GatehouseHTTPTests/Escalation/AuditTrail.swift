import GatehouseCore
import Testing

/// The audit property the escalation run checks after every call: no change without its event, no event
/// without its change. A call that changed what anyone may do, or anyone's standing or sign-in state,
/// left at least one event, each naming the call's caller; a refused call left none but security events.
struct AuditTrail {
    let world: EscalationWorld
    /// The newest event when the call began.
    var sequence: Int64 = 0

    init(world: EscalationWorld) {
        self.world = world
    }

    /// Notes where the log stands, right before a call.
    mutating func mark() async throws {
        sequence = try await world.app.services.store.read { db in try db.newestAuditEvent(before: .distantFuture)?.sequence ?? 0 }
    }

    /// The events the call recorded, oldest first (any account: a failed sign-in belongs to none).
    func recorded() async throws -> [AuditEvent] {
        let after = sequence
        return try await world.app.services.store.read { db in
            var events: [AuditEvent] = []
            var query = AuditQuery(accountID: world.accountID, limit: 500)
            while true {
                let page = try db.auditEvents(query).filter { $0.sequence > after }
                events += page
                guard page.count == 500, let oldest = page.last else { break }
                query.beforeSequence = oldest.sequence
            }
            return events.reversed()
        }
    }

    /// Rule 4, for `call` (answered with success or not), between the snapshots around it.
    func check(
        _ call: WriteCall, succeeded: Bool, before: PermissionSnapshot, after: PermissionSnapshot, seed: UInt64, index: Int
    ) async throws {
        let events = try await recorded()
        let changed = before.states.keys.contains { before.state($0) != after.state($0) }
            || after.states.keys.contains { before.state($0) != after.state($0) }
        if changed && events.isEmpty {
            let who = after.states.keys.filter { before.state($0) != after.state($0) }.map { "\($0.type.rawValue) \($0.id)" }
            Issue.record("seed \(seed), call \(index): \(call)\n  changed \(who.sorted()) but recorded no audit event")
        }
        let changes = events.filter { !$0.action.hasPrefix("auth.") }
        if !succeeded, let event = changes.first {
            Issue.record("seed \(seed), call \(index): \(call)\n  was refused yet recorded \(event.action) on \(event.target.type) \(event.target.id)")
        }
        let actor = call.caller.auditActor
        for event in changes where event.actor.type != actor.type || event.actor.id != actor.id {
            Issue.record("seed \(seed), call \(index): \(call)\n  recorded \(event.action) for \(event.actor.type.rawValue) \(event.actor.id)")
        }
    }
}
