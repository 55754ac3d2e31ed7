/// Location of a value inside a JSON schema document, for error messages.
///
/// Printed dotted from the namespace down, e.g.
/// `Cloudinary.entityTypes.Folder.shape.attributes.name`; keys that are not
/// plain names print as `["read photo"]` and the empty namespace as `""`, so
/// every path is unambiguous and can be found in the document by eye.
struct JSONSchemaPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var segments: [Segment] = []

    static let root = JSONSchemaPath()

    /// The path of a namespace's member, e.g. `namespace(["A"]) / "entityTypes" / "User"`.
    static func namespace(_ ns: [String]) -> JSONSchemaPath {
        JSONSchemaPath(segments: [.key(ns.joined(separator: "::"))])
    }

    static func / (lhs: JSONSchemaPath, key: String) -> JSONSchemaPath {
        JSONSchemaPath(segments: lhs.segments + [.key(key)])
    }

    static func / (lhs: JSONSchemaPath, index: Int) -> JSONSchemaPath {
        JSONSchemaPath(segments: lhs.segments + [.index(index)])
    }

    var description: String {
        var out = ""
        for (i, s) in segments.enumerated() {
            switch s {
            case let .index(n): out += "[\(n)]"
            case let .key(k) where i == 0 && k.isEmpty: out += "\"\""
            case let .key(k) where Self.isPlain(k, allowPath: i == 0): out += (i == 0 ? "" : ".") + k
            case let .key(k): out += "[\(JSONValue.quote(k))]"
            }
        }
        return out
    }

    /// Identifier-like keys (and, for the namespace, `A::B` names) print bare.
    private static func isPlain(_ k: String, allowPath: Bool) -> Bool {
        let parts = allowPath ? k.components(separatedBy: "::") : [k]
        return parts.allSatisfy(JSONSchemaNames.isIdentifier)
    }
}

/// Identifier and name syntax shared by the JSON schema reader and writer.
enum JSONSchemaNames {
    /// Words the Cedar grammar reserves, which cannot be identifiers in names.
    static let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "has", "like"]

    /// `[_a-zA-Z][_a-zA-Z0-9]*`.
    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        func start(_ c: Unicode.Scalar) -> Bool { c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        return start(first) && s.unicodeScalars.dropFirst().allSatisfy { start($0) || ($0 >= "0" && $0 <= "9") }
    }

    /// An identifier that may name a declaration: not a reserved word and not `__cedar`.
    static func isUnreservedIdentifier(_ s: String) -> Bool {
        isIdentifier(s) && !reserved.contains(s) && s != "__cedar"
    }

    /// Parses `A::B::C` written without spaces; nil if any component is not an
    /// identifier or is reserved. `__cedar` is allowed as the first component
    /// only when `allowCedarNamespace` (type references such as `__cedar::String`).
    static func name(_ s: String, allowCedarNamespace: Bool = false) -> Name? {
        let parts = s.components(separatedBy: "::")
        for (i, p) in parts.enumerated() {
            guard isIdentifier(p), !reserved.contains(p) else { return nil }
            if p == "__cedar" && !(allowCedarNamespace && i == 0 && parts.count > 1) { return nil }
        }
        return Name(qualified: s)
    }
}
