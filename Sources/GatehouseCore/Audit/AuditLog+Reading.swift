import Foundation

/// Who may read the log, and a page of it that knows whether another follows.
extension AuditLog {
    /// The catalog's `Cloudinary::Feature` a caller must be allowed to `read` to read the log. Gatehouse's own
    /// (the `gatehouse::` namespace), as is the system policy granting it, `readPolicyID`.
    public static let readFeatureID = "gatehouse::global::audit_log::view"
    /// Held by the Master Admin and Admin account roles only (`catalog.json`).
    public static let readPolicyID = "gatehouse::policy::global::audit_log::view"

    /// One page of `query.limit` (clamped to 1…`maxPage`) events, newest first, and whether older events
    /// match too. One more event than the page is read, so the last page says so itself and a caller is
    /// never sent to an empty one.
    public func page(_ query: AuditQuery) async throws -> AuditPage {
        var query = query
        query.limit = min(max(query.limit, 1), Self.maxPage)
        let wanted = query.limit
        query.limit += 1
        let events = try await store.read { [query] in try $0.auditEvents(query) }
        return AuditPage(events: Array(events.prefix(wanted)), hasMore: events.count > wanted)
    }
}

/// A page of events, newest first.
public struct AuditPage: Sendable, Hashable {
    public var events: [AuditEvent]
    /// Older events match the same filters: continue before the sequence of `events.last`.
    public var hasMore: Bool

    public init(events: [AuditEvent], hasMore: Bool) {
        self.events = events
        self.hasMore = hasMore
    }
}
