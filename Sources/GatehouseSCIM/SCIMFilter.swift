import GatehouseCore

/// A parsed SCIM filter (RFC 7644 §3.4.2.2).
///
/// The tree is public so the routes can push the simple shapes IdPs send (`userName eq "x"`, `externalId eq`,
/// `emails.value eq`, and `and` of those) down to SQL, and evaluate anything else in memory with `matches`.
public indirect enum SCIMFilter: Sendable, Hashable {
    /// The comparison operators; `pr` is the separate `present` case because it takes no value.
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq, ne, co, sw, ew, gt, ge, lt, le
    }

    /// `attrPath op compValue`; the value is a JSON literal (string, number, boolean or null).
    case comparison(SCIMAttributePath, Operator, JSONValue)
    /// `attrPath pr`.
    case present(SCIMAttributePath)
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)
    /// `attrPath[valFilter]`: the inner filter's paths name sub-attributes of each value of the attribute.
    case valuePath(SCIMAttributePath, SCIMFilter)

    /// The longest filter accepted, in characters: a bound on the work one request may ask for.
    public static let maximumLength = 4096
    /// The deepest nesting of parentheses, `not` and brackets accepted: recursion stays far from the stack's end.
    public static let maximumDepth = 32

    /// Parses `text`, throwing `invalidFilter` with the position of the first error.
    public init(parsing text: String) throws(SCIMError) {
        var parser = SCIMFilterParser(text, errorKind: .invalidFilter, subject: "filter")
        self = try parser.parseWholeFilter()
    }

    /// Parses `text` and checks it against `resourceType`: every attribute declared, every operator meaningful for
    /// its attribute's type (`gt` on a boolean, `co` on a number are refused).
    public init(parsing text: String, for resourceType: SCIMResourceType) throws(SCIMError) {
        try self.init(parsing: text)
        try validate(for: resourceType)
    }

    /// Throws `invalidFilter` when the filter names an attribute `resourceType` does not declare or applies an
    /// operator the attribute's type has no meaning for.
    public func validate(for resourceType: SCIMResourceType) throws(SCIMError) {
        switch self {
        case .and(let l, let r), .or(let l, let r):
            try l.validate(for: resourceType)
            try r.validate(for: resourceType)
        case .not(let inner):
            try inner.validate(for: resourceType)
        case .present(let path):
            _ = try Self.resolve(path, in: resourceType)
        case .comparison(let path, let op, let value):
            let resolved = try Self.resolve(path, in: resourceType)
            try Self.check(op, value, against: resolved.target, path: path)
        case .valuePath(let path, let inner):
            let resolved = try Self.resolve(path, in: resourceType)
            guard path.subAttribute == nil, resolved.attribute.type == .complex else {
                throw .invalidFilter("'\(path)' is not a complex attribute, so it cannot take a [filter]")
            }
            try inner.validateInside(resolved.attribute, parent: path)
        }
    }

    func validateInside(_ parent: SCIMAttribute, parent parentPath: SCIMAttributePath) throws(SCIMError) {
        switch self {
        case .and(let l, let r), .or(let l, let r):
            try l.validateInside(parent, parent: parentPath)
            try r.validateInside(parent, parent: parentPath)
        case .not(let inner):
            try inner.validateInside(parent, parent: parentPath)
        case .present(let path):
            _ = try Self.subAttribute(path, of: parent, parentPath: parentPath)
        case .comparison(let path, let op, let value):
            let sub = try Self.subAttribute(path, of: parent, parentPath: parentPath)
            try Self.check(op, value, against: sub, path: path)
        case .valuePath:
            throw .invalidFilter("a [filter] cannot be nested inside '\(parentPath)[…]'")
        }
    }

    private static func resolve(_ path: SCIMAttributePath, in type: SCIMResourceType) throws(SCIMError) -> SCIMResourceType.Resolved {
        guard let resolved = type.resolve(path) else {
            throw .invalidFilter("'\(path)' is not an attribute of \(type.name) resources")
        }
        return resolved
    }

    private static func subAttribute(
        _ path: SCIMAttributePath, of parent: SCIMAttribute, parentPath: SCIMAttributePath
    ) throws(SCIMError) -> SCIMAttribute {
        guard path.schema == nil, path.subAttribute == nil, let sub = parent.subAttribute(path.attribute) else {
            throw .invalidFilter("'\(path)' is not a sub-attribute of '\(parentPath)'")
        }
        return sub
    }

    private static func check(_ op: Operator, _ value: JSONValue, against attribute: SCIMAttribute, path: SCIMAttributePath) throws(SCIMError) {
        var type = attribute.type
        if type == .complex {
            guard let value = attribute.subAttribute("value") else {
                throw .invalidFilter("'\(path)' is complex: compare one of its sub-attributes, or use pr")
            }
            type = value.type
        }
        if value == .null {
            guard op == .eq || op == .ne else { throw .invalidFilter("null can only be compared with eq or ne ('\(path)')") }
            return
        }
        switch (type, op) {
        case (.boolean, .eq), (.boolean, .ne):
            guard SCIMComparison.boolean(value) != nil else {
                throw .invalidFilter("'\(path)' is a boolean: compare it with true or false")
            }
        case (.boolean, _):
            throw .invalidFilter("'\(op.rawValue)' has no meaning for the boolean '\(path)'")
        case (.integer, .co), (.integer, .sw), (.integer, .ew), (.decimal, .co), (.decimal, .sw), (.decimal, .ew):
            throw .invalidFilter("'\(op.rawValue)' has no meaning for the number '\(path)'")
        case (.integer, _), (.decimal, _):
            guard SCIMComparison.number(value) != nil else { throw .invalidFilter("'\(path)' is a number: compare it with a number") }
        case (.dateTime, .gt), (.dateTime, .ge), (.dateTime, .lt), (.dateTime, .le), (.dateTime, .eq), (.dateTime, .ne):
            guard case .string(let s) = value, SCIMDateTime.secondsSince1970(s) != nil else {
                throw .invalidFilter("'\(path)' is a dateTime: compare it with a string such as \"2011-05-13T04:42:34Z\"")
            }
        case (.binary, .gt), (.binary, .ge), (.binary, .lt), (.binary, .le):
            throw .invalidFilter("'\(op.rawValue)' has no meaning for the binary '\(path)'")
        default:
            guard case .string = value else { throw .invalidFilter("'\(path)' is a string: compare it with a quoted string") }
        }
    }

    /// Every attribute path the filter names, value paths' inner paths qualified by their parent.
    public var attributePaths: [SCIMAttributePath] {
        switch self {
        case .comparison(let path, _, _), .present(let path): [path]
        case .and(let l, let r), .or(let l, let r): l.attributePaths + r.attributePaths
        case .not(let inner): inner.attributePaths
        case .valuePath(let path, let inner):
            inner.attributePaths.map { SCIMAttributePath(schema: path.schema, attribute: path.attribute, subAttribute: $0.attribute) }
        }
    }

    /// The filter as `attribute eq "string"` terms joined by `and`, or nil for any other shape: what IdPs send to
    /// find one user or group (`userName eq "x"`, `externalId eq "y"`), which the store can answer from an index.
    /// Matching must still honour each attribute's `caseExact`.
    public var stringEqualities: [(path: SCIMAttributePath, value: String)]? {
        var result: [(path: SCIMAttributePath, value: String)] = []
        for term in conjuncts {
            guard case .comparison(let path, .eq, .string(let value)) = term else { return nil }
            result.append((path, value))
        }
        return result
    }

    /// The `and`-joined comparisons, flattened (`a and (b and c)` → `[a, b, c]`); for SQL push-down.
    public var conjuncts: [SCIMFilter] {
        if case .and(let l, let r) = self { return l.conjuncts + r.conjuncts }
        return [self]
    }
}
