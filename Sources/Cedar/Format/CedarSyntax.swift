/// Lexical helpers shared by the formatter: which words may be written bare
/// and how `like` patterns are quoted. Kept next to the formatter (not the
/// parser) so the printer's rules are readable in one place; they mirror
/// `Parser.reserved` and the lexer's identifier rules.
enum CedarSyntax {
    /// Words the parser refuses as attribute names after `.`, in `has`, as record keys and in names.
    static let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "has", "like"]

    /// Extension methods written `receiver.name(args)`; everything else in `Expr.call` is a function.
    static let extensionMethods: Set<String> = [
        "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange",
        "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
        "offset", "durationSince", "toDate", "toTime",
        "toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds",
    ]

    /// `[_A-Za-z][_A-Za-z0-9]*`, the lexer's identifier shape.
    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        func start(_ c: Unicode.Scalar) -> Bool { c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return start(first) && s.unicodeScalars.allSatisfy { start($0) || ("0"..."9").contains($0) }
    }

    /// An identifier the parser accepts where reserved words are not allowed.
    static func isUnreservedIdentifier(_ s: String) -> Bool {
        isIdentifier(s) && !reserved.contains(s)
    }

    /// Quotes a `like` pattern: wildcards as `*`, literal stars as `\*`, other
    /// characters escaped exactly like string literals.
    static func quotedPattern(_ p: Pattern) -> String {
        var out = "\""
        var pending = ""
        func flush() {
            guard !pending.isEmpty else { return }
            // Strip the quotes by scalar: a leading combining mark would fuse with `"` as one Character.
            let quoted = cedarQuoted(pending).unicodeScalars
            out.unicodeScalars.append(contentsOf: quoted.dropFirst().dropLast())
            pending = ""
        }
        for e in p.elements {
            switch e {
            case .wildcard:
                flush()
                out += "*"
            case .char("*"):
                flush()
                out += "\\*"
            case let .char(c):
                pending.unicodeScalars.append(c)
            }
        }
        flush()
        return out + "\""
    }
}
