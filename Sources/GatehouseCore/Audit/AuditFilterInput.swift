import Foundation

/// The log's filters as a person writes them (query parameters of the HTTP endpoint, options of
/// `gatehouse audit list|export`), checked in one place so every door refuses the same input the same way.
/// Text is kept as given; only `outcome` and the times have a form to check.
public struct AuditFilterInput: Sendable, Hashable {
    public var actorID: String?
    public var targetID: String?
    public var action: String?
    /// `success` or `failure`.
    public var outcome: String?
    /// ISO 8601: a time (`2026-11-30T12:00:00Z`, fractional seconds and an offset allowed) or a day
    /// (`2026-11-30`, from its first millisecond for `from`, to its last for `to`, in UTC).
    public var from: String?
    public var to: String?

    public init(
        actorID: String? = nil, targetID: String? = nil, action: String? = nil, outcome: String? = nil, from: String? = nil,
        to: String? = nil
    ) {
        self.actorID = actorID
        self.targetID = targetID
        self.action = action
        self.outcome = outcome
        self.from = from
        self.to = to
    }

    /// The query these filters make for the account; `invalidField` names the first filter that is wrong.
    public func query(accountID: String, limit: Int = 100) throws(GatehouseError) -> AuditQuery {
        var outcomeValue: AuditOutcome?
        if let outcome {
            guard let parsed = AuditOutcome(rawValue: outcome) else {
                let allowed = AuditOutcome.allCases.map(\.rawValue).joined(separator: " or ")
                throw .invalidField(field: "outcome", reason: "must be \(allowed), got \(outcome)")
            }
            outcomeValue = parsed
        }
        var fromDate: Date?
        if let from { fromDate = try Self.time(from, field: "from", endOfDay: false) }
        var toDate: Date?
        if let to { toDate = try Self.time(to, field: "to", endOfDay: true) }
        if let fromDate, let toDate, toDate < fromDate {
            throw .invalidField(field: "to", reason: "must not be before from")
        }
        return AuditQuery(
            accountID: accountID, actorID: actorID, targetID: targetID, action: action, outcome: outcomeValue, from: fromDate, to: toDate,
            limit: limit)
    }

    /// An ISO 8601 time, with or without fractional seconds, or a whole UTC day.
    static func time(_ text: String, field: String, endOfDay: Bool) throws(GatehouseError) -> Date {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if text.utf8.count == 10, let day = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) {
            return endOfDay ? day.addingTimeInterval(86_400 - 0.001) : day
        }
        throw .invalidField(
            field: field, reason: "must be an ISO 8601 time such as 2026-11-30T12:00:00Z or a day such as 2026-11-30, got \(text)")
    }
}
