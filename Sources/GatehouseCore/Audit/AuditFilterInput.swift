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
    /// ISO 8601: a time (`2026-11-30T12:00:00Z`, fractional seconds allowed, `Z` or an offset required) or a day
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

    /// An ISO 8601 time, with or without fractional seconds, or a whole UTC day. Foundation's parser rolls
    /// impossible values over (`2026-02-31T25:00:00Z` becomes a day in March), so the fields are checked
    /// here first: a filter that silently means another time would hide events.
    static func time(_ text: String, field: String, endOfDay: Bool) throws(GatehouseError) -> Date {
        let invalid = GatehouseError.invalidField(
            field: field, reason: "must be an ISO 8601 time such as 2026-11-30T12:00:00Z or a day such as 2026-11-30, got \(text)")
        let shape = /(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2})))?/
        guard let match = text.wholeMatch(of: shape), let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) else { throw invalid }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard (1...12).contains(month), let first = utc.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = utc.range(of: .day, in: .month, for: first), days.contains(day)
        else { throw invalid }
        guard match.4 != nil else {
            let start = first.addingTimeInterval(Double(day - 1) * 86_400)
            return endOfDay ? start.addingTimeInterval(86_400 - 0.001) : start
        }
        let clock = [match.4, match.5, match.6, match.7, match.8].map { $0.flatMap { Int($0) } ?? 0 }
        guard clock[0] < 24, clock[1] < 60, clock[2] < 60, clock[3] < 24, clock[4] < 60,
              let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: match.output.0.contains(".")))
        else { throw invalid }
        return date
    }
}
