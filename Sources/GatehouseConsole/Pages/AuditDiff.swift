import Foundation
import GatehouseCore

/// An event's before and after side by side, one row per field: the value it had, the value it got, and
/// whether it changed. A create has only an after and a delete only a before, so there every field shows as
/// changed (from or to nothing); an update records only the fields that changed, so all of its rows are.
struct AuditDiff {
    struct Row {
        var field: String
        /// Nil when the field was not there on that side (a create's before, a delete's after).
        var before: String?
        var after: String?
        var changed: Bool
    }

    let rows: [Row]

    init(before: JSONValue?, after: JSONValue?) {
        let old = Self.fields(before)
        let new = Self.fields(after)
        let names = Set(old.keys).union(new.keys).sorted()
        rows = names.map { name in
            Row(field: name, before: old[name].map(Self.text), after: new[name].map(Self.text), changed: old[name] != new[name])
        }
    }

    /// Template values: `field`, `before`/`after` (or `noBefore`/`noAfter`), `changed`.
    var values: [[String: Any]] {
        rows.map { row in
            var entry: [String: Any] = ["field": row.field, "changed": row.changed]
            if let before = row.before { entry["before"] = before } else { entry["noBefore"] = true }
            if let after = row.after { entry["after"] = after } else { entry["noAfter"] = true }
            return entry
        }
    }

    /// A snapshot's fields; a value that is not an object (no event records one today) is shown as one field.
    private static func fields(_ value: JSONValue?) -> [String: JSONValue] {
        switch value {
        case nil, .null?: [:]
        case .object(let fields)?: fields
        case let other?: ["value": other]
        }
    }

    /// A value as a person reads it: text as itself, a list of texts joined, anything nested as compact JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "none"
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .array(let items) where items.allSatisfy({ $0.stringValue != nil }):
            return items.isEmpty ? "none" : items.compactMap(\.stringValue).joined(separator: ", ")
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? String(describing: value)
        }
    }
}
