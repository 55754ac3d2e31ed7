/// Prints expressions for validation messages exactly as the reference does
/// (it prints the desugared AST through its JSON-form printer): `!=`, `>`,
/// `>=` and `is … in` appear in desugared form, most operands are
/// parenthesised, negation prints as `-(x)`. Kept local to the validator so
/// it does not depend on the formatter, which is owned elsewhere.
enum ExprDescription {
    static func describe(_ e: Expr) -> String {
        switch e {
        case let .literal(v): return value(v)
        case let .variable(v): return v.rawValue
        case let .slot(s): return s.rawValue
        case let .ifThenElse(c, t, f): return "if \(describe(c)) then \(describe(t)) else \(describe(f))"
        case let .and(a, b):
            if case .and = a { return "\(describe(a)) && \(paren(b))" }
            return "\(paren(a)) && \(paren(b))"
        case let .or(a, b):
            if case .or = a { return "\(describe(a)) || \(paren(b))" }
            return "\(paren(a)) || \(paren(b))"
        case let .unary(op, a):
            switch op {
            case .not: return "!\(paren(a))"
            case .neg: return "-(\(describe(a)))"
            case .isEmpty: return "\(paren(a)).isEmpty()"
            }
        case let .binary(op, a, b):
            switch op {
            case .notEq: return describe(.unary(.not, .binary(.eq, a, b)))
            case .greater: return describe(.binary(.less, b, a))
            case .greaterEq: return describe(.binary(.lessEq, b, a))
            case .add, .sub, .mul:
                if case .binary(op, _, _) = a { return "\(describe(a)) \(op.rawValue) \(paren(b))" }
                return "\(paren(a)) \(op.rawValue) \(paren(b))"
            default:
                if op.isMethod { return "\(paren(a)).\(op.rawValue)(\(describe(b)))" }
                return "\(paren(a)) \(op.rawValue) \(paren(b))"
            }
        case let .call(n, args):
            if Parser.extensionMethods.contains(n.id), let first = args.first {
                return "\(paren(first)).\(n.id)(\(args.dropFirst().map(describe).joined(separator: ", ")))"
            }
            return "\(n)(\(args.map(describe).joined(separator: ", ")))"
        case let .getAttr(x, a):
            return isNormalizedIdentifier(a) ? "\(paren(x)).\(a)" : "\(paren(x))[\(rustQuoted(a))]"
        case let .hasAttr(x, a):
            return "\(paren(x)) has " + (isNormalizedIdentifier(a) ? a : rustQuoted(a))
        case let .like(x, p):
            var pat = ""
            for el in p.elements {
                switch el {
                case .wildcard: pat += "*"
                case let .char(c): pat += c == "*" ? "\\*" : String(rustQuoted(String(c)).dropFirst().dropLast())
                }
            }
            return "\(paren(x)) like \"\(pat)\""
        case let .isType(x, t, inExpr):
            if let inExpr { return describe(.and(.isType(x, t, in: nil), .binary(.in, x, inExpr))) }
            return "\(paren(x)) is \(t)"
        case let .set(items): return "[" + items.map(describe).joined(separator: ", ") + "]"
        case let .record(entries):
            var seen = Set<[Unicode.Scalar]>()
            var unique: [RecordEntry] = []
            for entry in entries.reversed() where seen.insert(Array(entry.key.unicodeScalars)).inserted { unique.append(entry) }
            let sorted = unique.sorted { scalarLess($0.key, $1.key) }
            return "{" + sorted.map { (isNormalizedIdentifier($0.key) ? $0.key : rustQuoted($0.key)) + ": " + describe($0.value) }
                .joined(separator: ", ") + "}"
        }
    }

    /// Operands that the reference prints without parentheses.
    private static func paren(_ e: Expr) -> String {
        switch e {
        case .literal, .variable, .slot, .getAttr, .call, .set, .record, .unary(.isEmpty, _):
            return describe(e)
        case let .binary(op, _, _) where op.isMethod:
            return describe(e)
        default:
            return "(\(describe(e)))"
        }
    }

    private static func value(_ v: Value) -> String {
        switch v {
        case let .bool(b): return b ? "true" : "false"
        case let .long(n): return n < 0 ? "(\(n))" : String(n)
        case let .string(s): return rustQuoted(s)
        case let .entity(uid): return uid.rustDescription
        case let .set(s): return "[" + s.map(value).sorted().joined(separator: ", ") + "]"
        case let .record(r): return "{" + r.keys.sorted(by: scalarLess).map { "\(rustQuoted($0)): \(value(r[$0]!))" }.joined(separator: ", ") + "}"
        case let .ext(x): return x.typeName
        }
    }
}
