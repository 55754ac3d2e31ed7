/// The target of a PATCH operation (RFC 7644 §3.5.2): `attrPath`, or `attrPath[valFilter]` optionally
/// followed by `.subAttr` (`emails[type eq "work"].value`).
public struct SCIMPatchPath: Sendable, Hashable, CustomStringConvertible {
    /// The attribute, with its sub-attribute when written `name.givenName`.
    public var attribute: SCIMAttributePath
    /// The value selection filter between brackets; its paths are sub-attributes of `attribute`.
    public var filter: SCIMFilter?
    /// The sub-attribute after the brackets.
    public var subAttribute: String?

    public init(attribute: SCIMAttributePath, filter: SCIMFilter? = nil, subAttribute: String? = nil) {
        self.attribute = attribute
        self.filter = filter
        self.subAttribute = subAttribute
    }

    /// Parses `text`, throwing `invalidPath` with the position of the first error.
    public init(parsing text: String) throws(SCIMError) {
        var parser = SCIMFilterParser(text, errorKind: .invalidPath, subject: "path")
        self = try parser.parseWholePatchPath()
    }

    public var description: String {
        var text = attribute.description
        if filter != nil { text += "[…]" }
        if let subAttribute { text += "." + subAttribute }
        return text
    }
}
