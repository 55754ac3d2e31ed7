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
    /// Ids in this log are UUIDs, key names or `cli`/`system`, actions a few dotted words: longer is not one.
    static let maxIDLength = 200

    init(_ request: Request, accountID: String, pageSize: Int) {
        self.init(Self.parameters(request), accountID: accountID, pageSize: pageSize)
    }

    /// From the address's parameters, decoded.
    init(_ parameters: [String: String], accountID: String, pageSize: Int) {
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

    /// The field values into the query, each checked. Outcome and dates are checked by Core's
    /// `AuditFilterInput`, as the HTTP endpoint and `gatehouse audit` check them, one field at a time so that
    /// every wrong field is told at once (Core stops at the first); text is kept as given, as there.
    private mutating func read() {
        let text = { (value: String) in value.isEmpty ? nil : value }
        let input = AuditFilterInput(
            actorID: text(actor), targetID: text(target), action: text(action), outcome: text(outcome), from: text(from), to: text(to))
        for (field, value) in [("actor", actor), ("target", target), ("action", action)] where !Self.isText(value) {
            problems[field] = "At most \(Self.maxIDLength) characters, without control characters."
        }
        let alone = [
            ("outcome", AuditFilterInput(outcome: input.outcome)), ("from", AuditFilterInput(from: input.from)),
            ("to", AuditFilterInput(to: input.to)),
        ]
        for (field, filter) in alone where (try? filter.query(accountID: query.accountID)) == nil {
            problems[field] = field == "outcome" ? "Choose Success or Failure." : Self.notADate(field == "from" ? from : to)
        }
        if problems.isEmpty {
            do {
                query = try input.query(accountID: query.accountID, limit: query.limit)
            } catch {
                // Each field was right alone, so what is left is their order.
                problems["to"] = "The To date is before the From date."
            }
        }
        if !before.isEmpty {
            if let sequence = Int64(before), sequence > 0 { query.beforeSequence = sequence } else {
                problems["before"] = "The page link is broken: start again from the newest events."
            }
        }
    }

    /// Ids and actions in this log are short words: anything longer, or with control characters, is a mistake.
    static func isText(_ value: String) -> Bool {
        value.count <= maxIDLength && value.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
    }

    /// Names what was typed: a date field shows nothing for a value it cannot read.
    static func notADate(_ raw: String) -> String {
        "\(raw.prefix(40)) is not a date: enter one as YYYY-MM-DD, or a time as 2026-11-30T09:00:00Z."
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
