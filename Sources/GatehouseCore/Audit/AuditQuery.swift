import Foundation

/// One page of an account's events, newest first, matching every filter given. `beforeSequence` is the
/// cursor: the page holds events strictly older than it.
public struct AuditQuery: Sendable, Hashable {
    public var accountID: String
    public var actorID: String?
    public var targetID: String?
    public var action: String?
    public var outcome: AuditOutcome?
    /// Events at or after this time.
    public var from: Date?
    /// Events at or before this time.
    public var to: Date?
    public var beforeSequence: Int64?
    public var limit: Int

    public init(
        accountID: String, actorID: String? = nil, targetID: String? = nil, action: String? = nil, outcome: AuditOutcome? = nil,
        from: Date? = nil, to: Date? = nil, beforeSequence: Int64? = nil, limit: Int = 100
    ) {
        self.accountID = accountID
        self.actorID = actorID
        self.targetID = targetID
        self.action = action
        self.outcome = outcome
        self.from = from
        self.to = to
        self.beforeSequence = beforeSequence
        self.limit = limit
    }
}
