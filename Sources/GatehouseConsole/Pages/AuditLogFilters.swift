import Foundation
import GatehouseCore
import Hummingbird

/// The Audit log's filters and cursor, read from the address (a GET form, so a filtered view can be linked)
/// and handed back in the **Older events** link. Every value is checked before the log is read: a bad one is
/// told next to its field, and the page answers 400 rather than guessing what was meant.
struct AuditLogFilters {
    var actor = "", target = "", action = "", outcome = "", from = "", to = "", before = ""

    /// What was wrong, by field name; empty when the filters can be asked.
    private(set) var problems: [String: String] = [:]
    private(set) var query: AuditQuery

    static let outcomes = [(value: "success", label: "Success"), (value: "failure", label: "Failure")]
    /// Suggested in the Action field (a datalist, so any dotted action can still be typed): what is recorded today.
    static let suggestedActions = [
        "user.create", "user.update", "user.delete", "group.create", "group.update", "group.delete", "group.member.add",
        "group.member.remove", "role.create", "role.update", "role.delete", "role.assign", "role.unassign", "environment.create",
        "environment.update", "environment.delete", "api_key.create", "api_key.update", "api_key.delete", "provisioning_key.create",
        "provisioning_key.revoke", "policy.create", "policy.update", "policy.delete", "account.update", "auth.sign_in.success",
        "auth.sign_in.failure",
    ]
    /// Ids in this log are UUIDs, key names or `cli`/`system`: anything longer is not one.
    static let maxIDLength = 200

    init(_ request: Request, accountID: String, pageSize: Int) {
        let parameters = Self.parameters(request)
        func value(_ name: String) -> String { parameters[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        actor = value("actor")
        target = value("target")
        action = value("action")
        outcome = value("outcome")
        from = value("from")
        to = value("to")
        before = value("before")
        query = AuditQuery(accountID: accountID, limit: pageSize)
        read()
    }

    var isFiltered: Bool { ![actor, target, action, outcome, from, to].allSatisfy(\.isEmpty) }

    /// The field values into the query, each checked.
    private mutating func read() {
        query.actorID = id("actor", actor)
        query.targetID = id("target", target)
        if !action.isEmpty {
            if Self.isAction(action) { query.action = action } else {
                problems["action"] = "An action is dotted lowercase words, such as user.create or role.assign."
            }
        }
        if !outcome.isEmpty {
            if let known = AuditOutcome(rawValue: outcome) { query.outcome = known } else {
                problems["outcome"] = "Choose Success or Failure."
            }
        }
        query.from = date("from", from, endOfDay: false)
        query.to = date("to", to, endOfDay: true)
        if let start = query.from, let end = query.to, start > end, problems["to"] == nil {
            problems["to"] = "The To date is before the From date."
        }
        if !before.isEmpty {
            if let sequence = Int64(before), sequence > 0 { query.beforeSequence = sequence } else {
                problems["before"] = "The page link is broken: start again from the newest events."
            }
        }
    }

    private mutating func id(_ field: String, _ raw: String) -> String? {
        guard !raw.isEmpty else { return nil }
        let printable = raw.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
        guard raw.count <= Self.maxIDLength, printable else {
            problems[field] = "An id is at most \(Self.maxIDLength) printable characters."
            return nil
        }
        return raw
    }

    /// A day as the date field sends it (`2026-11-30`, the whole day in UTC) or an ISO 8601 time as the
    /// HTTP endpoint takes it (`2026-11-30T09:00:00Z`), so a time copied from an event can be pasted in.
    private mutating func date(_ field: String, _ raw: String, endOfDay: Bool) -> Date? {
        guard !raw.isEmpty else { return nil }
        if let day = Self.day(raw) { return endOfDay ? day.addingTimeInterval(86_400 - 0.001) : day }
        if let time = Self.time(raw) { return time }
        // Named in the message: a date field shows nothing for a value it cannot read.
        problems[field] = "\(raw.prefix(40)) is not a date: enter one as YYYY-MM-DD, or a time as 2026-11-30T09:00:00Z."
        return nil
    }

    static func isAction(_ raw: String) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_")
        let words = raw.split(separator: ".", omittingEmptySubsequences: false)
        return raw.count <= 100 && words.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(allowed.contains) }
    }

    static func day(_ raw: String) -> Date? {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        // A date that does not exist (2026-02-30) is refused, not rolled over into the next month.
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    static func time(_ raw: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return ISO8601DateFormatter().date(from: raw) ?? withFraction.date(from: raw)
    }

    /// The link to the page after `sequence`, with the same filters.
    func link(before sequence: Int64?) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = [
            ("actor", actor), ("target", target), ("action", action), ("outcome", outcome), ("from", from), ("to", to),
            ("before", sequence.map(String.init) ?? ""),
        ]
        let encoded = pairs.filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return encoded.isEmpty ? "/console/audit" : "/console/audit?" + encoded
    }

    /// The raw query, decoded: a browser's GET form sends spaces as `+`, which the parsed parameters keep.
    private static func parameters(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) in String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(raw) }
            parameters[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return parameters
    }
}
