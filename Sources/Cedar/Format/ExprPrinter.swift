/// Prints expressions as single-line Cedar text with the fewest parentheses
/// that make the parser rebuild the same tree.
///
/// The grammar's precedence levels (loosest first) are modelled by `Level`.
/// A sub-expression whose own level is looser than its slot requires is
/// wrapped in parentheses. Two parser rules need special care so the round
/// trip is exact: `-` directly before a digit folds into a negative literal,
/// and a unary operator repeats at most four times and never mixes `!`/`-`.
struct ExprPrinter {
    /// Grammar levels from `grammar.lalrpop`, loosest first.
    enum Level: Int, Comparable {
        case expr, or, and, relation, add, mult, unary, member
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// The level at which `e` is naturally printed.
    static func level(of e: Expr) -> Level {
        switch e {
        case .ifThenElse: return .expr
        case .or: return .or
        case .and: return .and
        case .hasAttr, .like, .isType: return .relation
        case let .binary(op, _, _):
            switch op {
            case .eq, .notEq, .less, .lessEq, .greater, .greaterEq, .in: return .relation
            case .add, .sub: return .add
            case .mul: return .mult
            case .contains, .containsAll, .containsAny, .getTag, .hasTag: return .member
            }
        case let .unary(op, _): return op == .isEmpty ? .member : .unary
        case let .literal(.long(n)) where n < 0: return .unary
        case .literal, .variable, .slot, .call, .getAttr, .set, .record: return .member
        }
    }

    /// Prints `e` so that it parses back in a context that requires at least `min`.
    func print(_ e: Expr, at min: Level = .expr) -> String {
        if ExprPrinter.level(of: e) < min { return "(" + print(e) + ")" }
        switch e {
        case let .literal(v): return literal(v)
        case let .variable(v): return v.rawValue
        case let .slot(s): return s.rawValue
        case let .ifThenElse(c, t, f):
            return "if \(print(c)) then \(print(t)) else \(print(f))"
        case .or:
            return chain(e, separator: " || ").joined()
        case .and:
            return chain(e, separator: " && ").joined()
        case let .unary(op, x):
            return unary(op, x)
        case let .binary(op, a, b):
            return binary(op, a, b)
        case let .call(name, args):
            if name.path.isEmpty, CedarSyntax.extensionMethods.contains(name.id), let recv = args.first {
                return print(recv, at: .member) + "." + name.id + "(" + list(args.dropFirst()) + ")"
            }
            return name.qualified + "(" + list(args) + ")"
        case let .getAttr(x, attr):
            let base = print(x, at: .member)
            return CedarSyntax.isUnreservedIdentifier(attr) ? base + "." + attr : base + "[" + cedarQuoted(attr) + "]"
        case let .hasAttr(x, attr):
            let key = CedarSyntax.isUnreservedIdentifier(attr) ? attr : cedarQuoted(attr)
            return print(x, at: .add) + " has " + key
        case let .like(x, pattern):
            return print(x, at: .add) + " like " + CedarSyntax.quotedPattern(pattern)
        case let .isType(x, type, container):
            let head = print(x, at: .add) + " is " + type.qualified
            guard let container else { return head }
            return head + " in " + print(container, at: .add)
        case let .set(items):
            return "[" + list(items) + "]"
        case let .record(entries):
            if entries.isEmpty { return "{}" }
            return "{ " + entries.map { recordKey($0.key) + ": " + print($0.value) }.joined(separator: ", ") + " }"
        }
    }

    /// The operands of a left-nested `||` (or `&&`) chain, each with its operator
    /// suffix except the last. Iterative so long chains do not deepen the stack.
    func chain(_ e: Expr, separator: String) -> [String] {
        var operands: [Expr] = []
        var cur = e
        let isOr: Bool
        if case .or = e { isOr = true } else { isOr = false }
        while true {
            if isOr, case let .or(l, r) = cur { operands.append(r); cur = l; continue }
            if !isOr, case let .and(l, r) = cur { operands.append(r); cur = l; continue }
            break
        }
        operands.append(cur)
        operands.reverse()
        let first: Level = isOr ? .or : .and
        let rest: Level = isOr ? .and : .relation
        return operands.enumerated().map { i, x in
            let text = print(x, at: i == 0 ? first : rest)
            return i == operands.count - 1 ? text : text + separator
        }
    }

    private func list<C: Collection>(_ items: C) -> String where C.Element == Expr {
        items.map { print($0) }.joined(separator: ", ")
    }

    private func recordKey(_ key: String) -> String {
        CedarSyntax.isUnreservedIdentifier(key) ? key : cedarQuoted(key)
    }

    private func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> String {
        switch op {
        case .eq, .notEq, .less, .lessEq, .greater, .greaterEq, .in:
            return print(a, at: .add) + " " + op.rawValue + " " + print(b, at: .add)
        case .add, .sub:
            return print(a, at: .add) + " " + op.rawValue + " " + print(b, at: .mult)
        case .mul:
            return print(a, at: .mult) + " * " + print(b, at: .unary)
        case .contains, .containsAll, .containsAny, .getTag, .hasTag:
            return print(a, at: .member) + "." + op.rawValue + "(" + print(b) + ")"
        }
    }

    /// `!x` / `-x` chains: at most four of the same operator, then parentheses.
    /// A `-` chain ending in a non-negative literal prints `-(5)`, because `-5`
    /// would parse as the literal −5 rather than negation of 5.
    private func unary(_ op: UnaryOp, _ x: Expr) -> String {
        if op == .isEmpty { return print(x, at: .member) + ".isEmpty()" }
        var count = 1
        var inner = x
        while count < 4, case let .unary(op2, y) = inner, op2 == op {
            count += 1
            inner = y
        }
        let prefix = String(repeating: op.rawValue, count: count)
        if op == .neg, case let .literal(.long(n)) = inner {
            if n >= 0 { return prefix + "(" + String(n) + ")" }
            return count < 4 ? prefix + String(n) : prefix + "(" + String(n) + ")"
        }
        return prefix + print(inner, at: .member)
    }

    /// Literal values. Only bool/long/string/entity come from the parser; the
    /// others are printed as equivalent constructor expressions.
    func literal(_ v: Value) -> String {
        switch v {
        case let .bool(b): return b ? "true" : "false"
        case let .long(n): return String(n)
        case let .string(s): return cedarQuoted(s)
        case let .entity(uid): return uid.description
        case let .set(items):
            return "[" + items.map(literal).sorted().joined(separator: ", ") + "]"
        case let .record(fields):
            if fields.isEmpty { return "{}" }
            return "{ " + fields.keys.sorted().map { recordKey($0) + ": " + literal(fields[$0]!) }.joined(separator: ", ") + " }"
        case let .ext(x):
            switch x {
            case let .ipaddr(ip): return "ip(" + cedarQuoted(ip.description) + ")"
            case let .decimal(d): return "decimal(" + cedarQuoted(d.description) + ")"
            case let .duration(ms): return "duration(" + cedarQuoted("\(ms)ms") + ")"
            case let .datetime(ms):
                return "datetime(\"1970-01-01\").offset(duration(" + cedarQuoted("\(ms)ms") + "))"
            }
        }
    }
}
