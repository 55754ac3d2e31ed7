import Foundation

/// The audit log as the store keeps it: one append-only hash chain for the installation.
public protocol AuditReader {
    /// A page of one account's events, newest first.
    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent]
    /// Every event of every account in sequence order, one at a time (the log may be larger than memory),
    /// until `body` returns false. Throws `UnreadableAuditEvent` for a row that cannot be read back.
    func forEachAuditEvent(_ body: (AuditEvent) throws -> Bool) throws
    /// One event of the account, by its id.
    func auditEvent(id: String, accountID: String) throws -> AuditEvent?
    /// The newest event (of any account) recorded before `time`: where retention cuts.
    func newestAuditEvent(before time: Date) throws -> AuditEvent?
    /// The newest retention checkpoint; the chain left starts right after it.
    func auditCheckpoint() throws -> AuditCheckpoint?
}

public protocol AuditWriter: AuditReader {
    /// Seals the draft after the newest event (`AuditChain.seal`) and stores it. The newest event is read
    /// in this same write transaction, and SQLite runs one writer at a time, so two concurrent appends can
    /// never both follow the same event; a transaction that rolls back takes its events with it.
    @discardableResult
    func append(_ draft: AuditDraft) throws -> AuditEvent
    /// Stores the signed checkpoint and deletes every event up to its sequence (the only deletion the
    /// store allows); returns how many were deleted.
    func pruneAuditEvents(through checkpoint: AuditCheckpoint) throws -> Int
}
