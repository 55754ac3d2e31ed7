/// An attribute path as filters, PATCH, `sortBy` and `attributes=` write it (RFC 7644 §3.10):
/// `[URN ":"] attribute ["." subAttribute]`.
public struct SCIMAttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN the name is qualified with, e.g. the enterprise extension; nil when unqualified.
    public var schema: String?
    public var attribute: String
    public var subAttribute: String?

    public init(schema: String? = nil, attribute: String, subAttribute: String? = nil) {
        self.schema = schema
        self.attribute = attribute
        self.subAttribute = subAttribute
    }

    /// Splits `text` (no brackets, no blanks) into its parts; nil when it is not an attribute path.
    ///
    /// A URN's own segments hold dots (`2.0`), so the URN ends at the last colon and only what follows it is
    /// split on dots.
    public init?(_ text: String) {
        var rest = Substring(text)
        var schema: String?
        if text.lowercased().hasPrefix("urn:") {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            schema = String(text[..<colon])
            rest = text[text.index(after: colon)...]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, parts.allSatisfy(Self.isAttributeName) else { return nil }
        self.schema = schema
        self.attribute = String(parts[0])
        self.subAttribute = parts.count == 2 ? String(parts[1]) : nil
    }

    /// RFC 7643 §2.1 ATTRNAME (`$ref` included).
    static func isAttributeName(_ name: Substring) -> Bool {
        guard let first = name.first else { return false }
        if name == "$ref" { return true }
        guard first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    public var description: String {
        var text = schema.map { $0 + ":" } ?? ""
        text += attribute
        if let subAttribute { text += "." + subAttribute }
        return text
    }
}
