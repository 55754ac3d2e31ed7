import Foundation

/// Reading the audit log, for the doors that show it (the HTTP endpoint, the Console, `gatehouse audit`).
/// Who may read it is each door's decision (Cedar, like every other account operation); the log itself is
/// only ever written by `GuardedWriter`, inside the change it records.
public struct AuditLog: Sendable {
    /// The most events one page may hold, and the page size of an export.
    public static let maxPage = 500

    let store: GuardedStore
    /// Signs retention checkpoints and checks them when the chain is verified.
    public let signer: AuditSigner
    let now: @Sendable () -> Date

    public init(store: GuardedStore, signer: AuditSigner, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.signer = signer
        self.now = now
    }

    /// Bound to a caller for pruning, which only the operator may do (`GuardedWriter.pruneAuditEvents`).
    public func acting(as caller: Caller) -> AuditLog {
        AuditLog(store: store.acting(as: caller), signer: signer, now: now)
    }

    /// One page, newest first; `query.limit` is clamped to 1…`maxPage`.
    public func events(_ query: AuditQuery) async throws -> [AuditEvent] {
        var query = query
        query.limit = min(max(query.limit, 1), Self.maxPage)
        return try await store.read { [query] in try $0.auditEvents(query) }
    }

    /// One of the account's events (nil for an unknown id or another account's event).
    public func event(id: String, accountID: String) async throws -> AuditEvent? {
        try await store.read { try $0.auditEvent(id: id, accountID: accountID) }
    }

    /// Every event matching the filters, newest first, handed over a page at a time so an export of any
    /// size holds one page in memory. Each page is its own read: events recorded meanwhile are newer than
    /// the export's first page, so they are not in it, and none is skipped or repeated.
    public func export(_ query: AuditQuery, _ page: ([AuditEvent]) async throws -> Void) async throws {
        var query = query
        query.limit = Self.maxPage
        while true {
            let events = try await events(query)
            if events.isEmpty { return }
            try await page(events)
            guard events.count == Self.maxPage, let oldest = events.last else { return }
            query.beforeSequence = oldest.sequence
        }
    }

    /// The whole chain, checked (`AuditChain.verify`), from the newest retention checkpoint if there is one.
    /// Checkpoints are checked with `key`, by default the signer's own.
    public func verify(key: AuditVerifyingKey? = nil) async throws -> AuditVerification {
        let key = key ?? signer.verifyingKey
        return try await store.read { try AuditChain.verify($0, key: key) }
    }

    /// Retention: removes the events older than `days` days behind a signed checkpoint of the newest one
    /// removed, in one transaction with the `audit.prune` event that records the cut. Nil when nothing is
    /// that old.
    @discardableResult
    public func prune(keepingDays days: Int) async throws -> (checkpoint: AuditCheckpoint, pruned: Int)? {
        guard days >= 1 else { throw GatehouseError.invalidField(field: "retention days", reason: "must be at least 1") }
        let time = now()
        let cutoff = time.addingTimeInterval(-Double(days) * 86_400)
        return try await store.write(accountID: "") { [signer] db in
            guard let head = try db.newestAuditEvent(before: cutoff) else { return nil }
            let checkpoint = try signer.sign(AuditCheckpoint(sequence: head.sequence, hash: head.hash, time: head.time, prunedAt: time))
            return (checkpoint, try db.pruneAuditEvents(through: checkpoint))
        }
    }

    /// Records a change made to the whole store beside the services (`store.restore` by `gatehouse restore`,
    /// `store.migrate` by `gatehouse migrate`) as the newest event of every account's log: the chain then says
    /// when its data was replaced, and from where. The operator's alone, as the change itself is.
    public func recordStoreOperation(_ action: String, details: [String: JSONValue]) async throws {
        guard store.caller == .local else { throw GatehouseError.notAllowed("Only the operator records a change of the whole store") }
        try await store.write(accountID: "") { db in
            for account in try db.accounts() {
                // The actor is a placeholder: the guarded writer stamps the caller (the command line).
                try db.append(AuditDraft(
                    accountID: account.id, actor: AuditActor(type: .system, id: "system"), action: action,
                    target: AuditTarget(type: "store", id: "store"), after: .object(details)))
            }
        }
    }

    /// The event that made this assignment, newest first among the principal's assignments: who gave the
    /// role, and when. Nil when the log no longer holds it (the assignment predates the log, or was pruned).
    public func lastChange(of assignment: RoleAssignment, accountID: String) async throws -> AuditEvent? {
        let wanted = JSONValue.object(AuditSnapshot.of(assignment))
        var query = AuditQuery(accountID: accountID, targetID: assignment.principal.id, action: "role.assign", limit: Self.maxPage)
        while true {
            let events = try await events(query)
            if let made = events.first(where: { Self.sameAssignment($0.after, wanted) }) { return made }
            guard events.count == Self.maxPage, let oldest = events.last else { return nil }
            query.beforeSequence = oldest.sequence
        }
    }

    /// The same role, principal, scope and instance (how it was made, `source`, may differ).
    private static func sameAssignment(_ recorded: JSONValue?, _ wanted: JSONValue) -> Bool {
        guard case .object(var a)? = recorded, case .object(var b) = wanted else { return false }
        a["source"] = nil
        b["source"] = nil
        return a == b
    }
}
