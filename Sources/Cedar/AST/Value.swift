/// A runtime Cedar value.
///
/// Sets and records use Swift `Set`/`Dictionary`, which gives Cedar's structural,
/// order-insensitive equality for free.
public enum Value: Sendable, Hashable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(EntityUID)
    case set(Set<Value>)
    case record([String: Value])
    case ext(ExtensionValue)

    /// The type name used in error messages (`bool`, `long`, `set`, `ipaddr`, …).
    public var typeName: String {
        switch self {
        case .bool: return "bool"
        case .long: return "long"
        case .string: return "string"
        case let .entity(uid): return "(entity of type `\(uid.type)`)"
        case .set: return "set"
        case .record: return "record"
        case let .ext(e): return e.typeName
        }
    }
}

/// Values produced by Cedar's extension types.
public enum ExtensionValue: Sendable, Hashable {
    case ipaddr(IPAddr)
    case decimal(CedarDecimal)
    /// Milliseconds since the Unix epoch (UTC).
    case datetime(Int64)
    /// A signed number of milliseconds.
    case duration(Int64)

    public var typeName: String {
        switch self {
        case .ipaddr: return "ipaddr"
        case .decimal: return "decimal"
        case .datetime: return "datetime"
        case .duration: return "duration"
        }
    }
}

extension Value: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .long(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
