import Foundation

/// How an export writes events, one line each: the same bytes from `GET …/audit/events?format=` and from
/// `gatehouse audit export`.
public enum AuditExportFormat: String, Sendable, Hashable, CaseIterable {
    /// One event per line as JSON (`AuditEvent.jsonValue`, keys sorted).
    case jsonl
    /// `csvColumns`, a header line first.
    case csv

    public static let csvColumns = ["id", "time", "actor_type", "actor_id", "action", "target_type", "target_id", "outcome"]

    /// What comes before the first event.
    public var header: String {
        switch self {
        case .jsonl: ""
        case .csv: CSVRecord.line(Self.csvColumns)
        }
    }

    /// One event, line end included.
    public func line(_ event: AuditEvent) -> String {
        switch self {
        case .jsonl:
            return AuditCanonicalEncoding.json(event.jsonValue) + "\n"
        case .csv:
            let time = event.time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            return CSVRecord.line([
                event.id, time, event.actor.type.rawValue, event.actor.id, event.action, event.target.type, event.target.id,
                event.outcome.rawValue,
            ])
        }
    }

    /// A page of events as one piece of text, header not included.
    public func lines(_ events: [AuditEvent]) -> String {
        events.map(line).joined()
    }
}
