/// A unique entity identifier: an entity type plus an arbitrary string id,
/// written `Type::"id"` in policy text.
public struct EntityUID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var type: EntityType
    public var id: String

    public init(type: EntityType, id: String) {
        self.type = type
        self.id = id
    }

    /// Convenience: `EntityUID(type: "Acme::User", id: "alice")`.
    public init(type: String, id: String) {
        self.init(type: Name(qualified: type), id: id)
    }

    /// Policy-text spelling with the id escaped, e.g. `User::"alice"`.
    public var description: String { "\(type.qualified)::\(cedarQuoted(id))" }

    public static func < (lhs: EntityUID, rhs: EntityUID) -> Bool {
        (lhs.type.qualified, lhs.id) < (rhs.type.qualified, rhs.id)
    }

    /// True when this is an action uid (`Action` or `NS::Action`).
    public var isAction: Bool { type.id == "Action" }
}

/// Quotes a string the way Cedar prints string literals (Rust `escape_debug` style).
public func cedarQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\0": out += "\\0"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
