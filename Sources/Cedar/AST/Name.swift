/// A possibly namespaced Cedar identifier such as `User`, `Acme::User` or `ip`.
///
/// Entity types and extension function names are `Name`s. Keeping the namespace
/// path separate from the base name lets callers compare types without string
/// surgery and lets formatters print `A::B` faithfully.
public struct Name: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Namespace components, outermost first (empty for unqualified names).
    public var path: [String]
    /// The final identifier.
    public var id: String

    public init(path: [String] = [], id: String) {
        self.path = path
        self.id = id
    }

    /// Splits `"A::B::C"` into a name. No validation of identifier syntax.
    public init(qualified: String) {
        var parts = qualified.components(separatedBy: "::")
        let last = parts.removeLast()
        self.init(path: parts, id: last)
    }

    /// The `::`-joined spelling, e.g. `Acme::User`.
    public var qualified: String { (path + [id]).joined(separator: "::") }

    public var description: String { qualified }

    public static func < (lhs: Name, rhs: Name) -> Bool { lhs.qualified < rhs.qualified }
}

/// Cedar calls entity types `Name`s too; the alias documents intent at use sites.
public typealias EntityType = Name
