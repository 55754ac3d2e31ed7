/// Finds source positions for validation errors. The AST carries no source
/// spans, so errors remember what they are about (an entity type, an
/// attribute name, …) and this re-lexes the policy text and finds the first
/// matching token inside the right policy. Policy `policyN` is the N-th
/// policy in the text, as `PolicySet(parsing:)` numbers them.
struct SourceLocator {
    private let tokens: [Token]
    private let lexer: Lexer
    /// Token index ranges of each policy, in order.
    private let policies: [Range<Int>]

    init(text: String) {
        var lx = Lexer(text)
        let toks = (try? lx.tokenize()) ?? []
        tokens = toks
        lexer = lx
        var ranges: [Range<Int>] = []
        var start = 0, depth = 0
        for (i, t) in toks.enumerated() {
            guard case let .punct(p) = t.kind else { continue }
            switch p {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case ";" where depth == 0:
                ranges.append(start..<(i + 1))
                start = i + 1
            default: break
            }
        }
        policies = ranges
    }

    /// The `occurrence`-th match (0-based) of `anchor` in policy `id`, or the
    /// last match if there are fewer, or the policy start if there is none.
    func locate(_ anchor: LocationAnchor, inPolicy id: String, occurrence: Int = 0) -> SourceLocation? {
        guard id.hasPrefix("policy"), let n = Int(id.dropFirst("policy".count)), n < policies.count else { return nil }
        let range = policies[n]
        var index = range.lowerBound
        var from = range.lowerBound
        for _ in 0...occurrence {
            guard from < range.upperBound, let hit = find(anchor, in: from..<range.upperBound) else { break }
            index = hit
            from = hit + 1
        }
        guard index < tokens.count else { return nil }
        let pos = tokens[index].pos
        return SourceLocation(line: pos.line, column: pos.column, excerpt: lexer.excerpt(line: pos.line))
    }

    private func ident(_ i: Int) -> String? {
        guard i < tokens.count, case let .ident(s) = tokens[i].kind else { return nil }
        return s
    }

    private func punct(_ i: Int, _ p: String) -> Bool {
        guard i < tokens.count, case let .punct(q) = tokens[i].kind else { return false }
        return q == p
    }

    private func string(_ i: Int) -> String? {
        guard i < tokens.count, case let .string(raw) = tokens[i].kind else { return nil }
        return try? Unescape.string(raw)
    }

    /// Index just past a `A::B::C` path starting at `i`, if it matches `name`.
    private func matchPath(_ name: Name, at i: Int) -> Int? {
        var j = i
        for (k, part) in (name.path + [name.id]).enumerated() {
            if k > 0 { guard punct(j, "::") else { return nil }; j += 1 }
            guard ident(j) == part else { return nil }
            j += 1
        }
        return j
    }

    private func find(_ anchor: LocationAnchor, in range: Range<Int>) -> Int? {
        for i in range {
            switch anchor {
            case .policy: return nil
            case let .entityType(t):
                if i > 0 && punct(i - 1, "::") { continue }
                if matchPath(t, at: i) != nil { return i }
            case let .entityUID(u):
                if i > 0 && punct(i - 1, "::") { continue }
                if let j = matchPath(u.type, at: i), punct(j, "::"), string(j + 1) == u.id { return i }
            case let .attribute(a):
                if punct(i, "."), ident(i + 1) == a { return i + 1 }
                if punct(i, "["), string(i + 1) == a { return i + 1 }
                if ident(i) == "has", ident(i + 1) == a || string(i + 1) == a { return i + 1 }
            case let .function(f):
                if ident(i) == f, punct(i + 1, "(") { return i }
            case .emptySet:
                if punct(i, "["), punct(i + 1, "]") { return i }
            case let .token(s):
                if punct(i, s) || ident(i) == s { return i }
            }
        }
        return nil
    }
}
