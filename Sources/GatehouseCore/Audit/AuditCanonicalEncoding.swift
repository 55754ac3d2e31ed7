/// The bytes an event's hash covers. Written by hand, not by `JSONEncoder`, because the hash must be the
/// same on every platform and Foundation version for as long as the log is kept:
/// - one JSON object, no whitespace, members sorted by the UTF-8 bytes of their names, at every depth:
///   `account_id`, `action`, `actor` {`authentication`, `id`, `name`, `type`}, `after`, `before`, `client_ip`, `id`,
///   `outcome`, `previous_hash`, `request_id`, `sequence`, `target` {`id`, `name`, `type`}, `time`
///   (integer milliseconds since 1970), `user_agent`; every member present, `null` when absent;
/// - strings as their UTF-8 bytes (no normalization), escaping only `"`, `\` and U+0000–U+001F
///   (`\u00xx`, lowercase hex);
/// - integers in decimal; a number with an integral value below 9e15 in magnitude as that integer (as
///   `JSONValue` encodes it, so a value read back hashes the same), any other as Swift's shortest
///   round-trip decimal.
/// The hash is then SHA-256 over `previous_hash` (its 64 hex characters), a newline, and these bytes.
public enum AuditCanonicalEncoding {
    /// The members in the order above, written straight out: this runs inside every write transaction,
    /// so the event is not first built as a dictionary to be sorted.
    public static func bytes(of e: AuditEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        var first = true
        func member(_ name: String) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func optional(_ s: String?) {
            if let s { writeString(s, to: &out) } else { out += Array("null".utf8) }
        }
        member("account_id"); writeString(e.accountID, to: &out)
        member("action"); writeString(e.action, to: &out)
        member("actor")
        write(.object([
            "authentication": e.actor.authentication.map(JSONValue.string) ?? .null, "id": .string(e.actor.id),
            "name": e.actor.name.map(JSONValue.string) ?? .null, "type": .string(e.actor.type.rawValue),
        ]), to: &out)
        member("after"); write(e.after ?? .null, to: &out)
        member("before"); write(e.before ?? .null, to: &out)
        member("client_ip"); optional(e.clientIP)
        member("id"); writeString(e.id, to: &out)
        member("outcome"); writeString(e.outcome.rawValue, to: &out)
        member("previous_hash"); writeString(e.previousHash, to: &out)
        member("request_id"); optional(e.requestID)
        member("sequence"); out += Array(String(e.sequence).utf8)
        member("target")
        write(.object([
            "id": .string(e.target.id), "name": e.target.name.map(JSONValue.string) ?? .null, "type": .string(e.target.type),
        ]), to: &out)
        member("time"); out += Array(String(e.timeMilliseconds).utf8)
        member("user_agent"); optional(e.userAgent)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Canonical JSON of any value (also how `before` and `after` are stored, so they read back the same).
    public static func json(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let i): out += Array(String(i).utf8)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { out += Array(String(Int64(n)).utf8) } else { out += Array(n.description.utf8) }
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, (key, member)) in sorted.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0..<0x20: out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
