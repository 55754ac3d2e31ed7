/// The request variables usable in policy conditions.
public enum Var: String, Sendable, Hashable, CaseIterable {
    case principal, action, resource, context
}

/// Template slots. Only `?principal` and `?resource` exist in Cedar 4.
public enum SlotId: String, Sendable, Hashable, CaseIterable {
    case principal = "?principal"
    case resource = "?resource"
}

/// Unary operators. `isEmpty` is a method syntactically but unary semantically.
public enum UnaryOp: String, Sendable, Hashable {
    case not = "!"
    case neg = "-"
    case isEmpty
}

/// Binary operators. Comparison variants are kept as written (`!=`, `>`, `>=`)
/// rather than desugared, so a formatter can print the policy back faithfully.
public enum BinaryOp: String, Sendable, Hashable {
    case eq = "=="
    case notEq = "!="
    case less = "<"
    case lessEq = "<="
    case greater = ">"
    case greaterEq = ">="
    case add = "+"
    case sub = "-"
    case mul = "*"
    case `in` = "in"
    // Method-call operators on sets and entities.
    case contains
    case containsAll
    case containsAny
    case getTag
    case hasTag

    /// True for operators written in method-call syntax (`a.contains(b)`).
    public var isMethod: Bool {
        switch self {
        case .contains, .containsAll, .containsAny, .getTag, .hasTag: return true
        default: return false
        }
    }
}

/// One element of a `like` pattern.
public enum PatternElement: Sendable, Hashable {
    /// A literal Unicode scalar.
    case char(Unicode.Scalar)
    /// The `*` wildcard (matches any sequence, including empty).
    case wildcard
}

/// A `like` pattern: literal characters and `*` wildcards (`\*` is a literal star).
public struct Pattern: Sendable, Hashable {
    public var elements: [PatternElement]
    public init(_ elements: [PatternElement]) { self.elements = elements }
}

/// A record literal entry. Records keep source order for printing; keys are unique.
public struct RecordEntry: Sendable, Hashable {
    public var key: String
    public var value: Expr
    public init(key: String, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// A Cedar expression (the body of `when` / `unless` clauses).
///
/// The tree mirrors the reference implementation's AST closely so that
/// evaluation order and error behaviour match it exactly.
public indirect enum Expr: Sendable, Hashable {
    /// A literal: bool, long, string or entity uid.
    case literal(Value)
    case variable(Var)
    case slot(SlotId)
    case ifThenElse(Expr, then: Expr, else: Expr)
    /// Short-circuiting `&&`.
    case and(Expr, Expr)
    /// Short-circuiting `||`.
    case or(Expr, Expr)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    /// Extension function call. Method-style calls (`a.isIpv4()`) put the receiver first.
    case call(Name, [Expr])
    /// `e.attr` or `e["attr"]`.
    case getAttr(Expr, String)
    /// `e has attr` (`e has a.b` is desugared by the parser into a conjunction).
    case hasAttr(Expr, String)
    case like(Expr, Pattern)
    /// `e is T` or `e is T in E`.
    case isType(Expr, EntityType, in: Expr?)
    case set([Expr])
    case record([RecordEntry])
}

extension Expr {
    /// True if any `?principal`/`?resource` slot occurs in the expression.
    public var containsSlot: Bool {
        switch self {
        case .slot: return true
        case .literal, .variable: return false
        case let .ifThenElse(a, b, c): return a.containsSlot || b.containsSlot || c.containsSlot
        case let .and(a, b), let .or(a, b), let .binary(_, a, b): return a.containsSlot || b.containsSlot
        case let .unary(_, a), let .getAttr(a, _), let .hasAttr(a, _), let .like(a, _): return a.containsSlot
        case let .isType(a, _, e): return a.containsSlot || (e?.containsSlot ?? false)
        case let .call(_, args), let .set(args): return args.contains { $0.containsSlot }
        case let .record(entries): return entries.contains { $0.value.containsSlot }
        }
    }
}
