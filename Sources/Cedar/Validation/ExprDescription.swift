/// Prints expressions in policy syntax for validation messages (e.g. the tag
/// expression in an unsafe tag access). Kept local to the validator so it
/// does not depend on the formatter, which is owned elsewhere; output is fully
/// parenthesised where precedence could be ambiguous.
enum ExprDescription {
    static func describe(_ e: Expr) -> String {
        switch e {
        case let .literal(v): return value(v)
        case let .variable(v): return v.rawValue
        case let .slot(s): return s.rawValue
        case let .ifThenElse(c, t, f): return "if \(describe(c)) then \(describe(t)) else \(describe(f))"
        case let .and(a, b): return "\(operand(a)) && \(operand(b))"
        case let .or(a, b): return "\(operand(a)) || \(operand(b))"
        case let .unary(op, a):
            switch op {
            case .not: return "!\(operand(a))"
            case .neg: return "-\(operand(a))"
            case .isEmpty: return "\(operand(a)).isEmpty()"
            }
        case let .binary(op, a, b):
            if op.isMethod { return "\(operand(a)).\(op.rawValue)(\(describe(b)))" }
            return "\(operand(a)) \(op.rawValue) \(operand(b))"
        case let .call(n, args):
            if Parser.extensionMethods.contains(n.id), let first = args.first {
                return "\(operand(first)).\(n.id)(\(args.dropFirst().map(describe).joined(separator: ", ")))"
            }
            return "\(n)(\(args.map(describe).joined(separator: ", ")))"
        case let .getAttr(x, a):
            return isNormalizedIdentifier(a) ? "\(operand(x)).\(a)" : "\(operand(x))[\(rustQuoted(a))]"
        case let .hasAttr(x, a):
            return "\(operand(x)) has " + (isNormalizedIdentifier(a) ? a : rustQuoted(a))
        case let .like(x, p):
            var pat = ""
            for el in p.elements {
                switch el {
                case .wildcard: pat += "*"
                case let .char(c): pat += c == "*" ? "\\*" : String(rustQuoted(String(c)).dropFirst().dropLast())
                }
            }
            return "\(operand(x)) like \"\(pat)\""
        case let .isType(x, t, inExpr):
            return "\(operand(x)) is \(t)" + (inExpr.map { " in \(operand($0))" } ?? "")
        case let .set(items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case let .record(entries):
            return "{" + entries.map { "\(rustQuoted($0.key)): \(describe($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private static func operand(_ e: Expr) -> String {
        switch e {
        case .literal, .variable, .slot, .getAttr, .call, .set, .record: return describe(e)
        case .binary(let op, _, _) where op.isMethod: return describe(e)
        case .unary(.isEmpty, _): return describe(e)
        default: return "(\(describe(e)))"
        }
    }

    private static func value(_ v: Value) -> String {
        switch v {
        case let .bool(b): return b ? "true" : "false"
        case let .long(n): return String(n)
        case let .string(s): return rustQuoted(s)
        case let .entity(uid): return uid.rustDescription
        case let .set(s): return "[" + s.map(value).sorted().joined(separator: ", ") + "]"
        case let .record(r): return "{" + r.keys.sorted().map { "\(rustQuoted($0)): \(value(r[$0]!))" }.joined(separator: ", ") + "}"
        case let .ext(x): return x.typeName
        }
    }
}
