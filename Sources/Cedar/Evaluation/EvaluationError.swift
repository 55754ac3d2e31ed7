/// Why evaluating an expression failed. A policy whose evaluation fails is
/// skipped by the authorizer and reported in `Response.errors`.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An operand had the wrong type, e.g. `1 && true`.
    case typeError(expected: String, actual: String)
    /// `e.attr` where the record or entity lacks `attr`.
    case attributeNotFound(String, on: String)
    /// Attribute or tag access on an entity absent from the entity store.
    case entityNotFound(EntityUID)
    /// `e.getTag(t)` where the entity has no tag `t`.
    case tagNotFound(String, on: EntityUID)
    /// Checked 64-bit arithmetic overflowed.
    case integerOverflow(String)
    /// An extension function rejected its input, e.g. `ip("nonsense")`.
    case extensionError(function: String, message: String)
    /// An extension function got the wrong number of arguments.
    case wrongArity(function: String, expected: Int, actual: Int)
    /// An unknown extension function (only reachable through hand-built ASTs).
    case unknownFunction(String)
    /// A template slot was evaluated without being linked.
    case unlinkedSlot(SlotId)

    public var description: String {
        switch self {
        case let .typeError(e, a): return "type error: expected \(e), got \(a)"
        case let .attributeNotFound(a, on): return "`\(on)` does not have the attribute `\(a)`"
        case let .entityNotFound(uid): return "entity `\(uid)` does not exist"
        case let .tagNotFound(t, uid): return "`\(uid)` does not have the tag `\(t)`"
        case let .integerOverflow(m): return "integer overflow: \(m)"
        case let .extensionError(f, m): return "error while evaluating `\(f)`: \(m)"
        case let .wrongArity(f, e, a): return "wrong number of arguments to `\(f)`: expected \(e), got \(a)"
        case let .unknownFunction(f): return "unknown extension function `\(f)`"
        case let .unlinkedSlot(s): return "template slot `\(s.rawValue)` is not linked"
        }
    }
}
