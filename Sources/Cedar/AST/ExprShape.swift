/// How big and how deep an expression is, for callers that bound what they accept before spending time
/// on it (validation cost grows with both). Measured without recursion, so any parsed tree can be measured.
public struct ExprShape: Sendable, Hashable {
    /// Number of expression nodes.
    public var nodes = 0
    /// Longest path from the root to a leaf, counting both ends (a literal has depth 1).
    public var depth = 0

    public init() {}

    public init(_ expr: Expr) {
        var stack: [(Expr, Int)] = [(expr, 1)]
        while let (e, level) = stack.popLast() {
            nodes += 1
            depth = max(depth, level)
            for child in e.children { stack.append((child, level + 1)) }
        }
    }

    /// The shape of a policy's conditions: nodes added up, the deepest condition's depth.
    public init(_ policy: Policy) {
        for condition in policy.conditions {
            let shape = ExprShape(condition.body)
            nodes += shape.nodes
            depth = max(depth, shape.depth)
        }
    }
}

extension Expr {
    /// The direct sub-expressions, in source order.
    public var children: [Expr] {
        switch self {
        case .literal, .variable, .slot: return []
        case let .ifThenElse(a, b, c): return [a, b, c]
        case let .and(a, b), let .or(a, b), let .binary(_, a, b): return [a, b]
        case let .unary(_, a), let .getAttr(a, _), let .hasAttr(a, _), let .like(a, _): return [a]
        case let .isType(a, _, e): return e.map { [a, $0] } ?? [a]
        case let .call(_, args), let .set(args): return args
        case let .record(entries): return entries.map(\.value)
        }
    }
}
