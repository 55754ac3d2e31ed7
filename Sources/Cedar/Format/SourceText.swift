/// The tokens and comments of parsed policy text, as the formatter needs them
/// to place comments.
struct SourceText: Sendable {
    let tokens: [Token]
    let comments: [SourceComment]
    /// `beforeToken` of each comment, ascending (the lexer records them in order).
    private let positions: [Int]

    init(tokens: [Token], comments: [SourceComment]) {
        self.tokens = tokens
        self.comments = comments
        positions = comments.map(\.beforeToken)
    }

    /// True when a comment lies just before one of the tokens in `range`.
    func hasComment(in range: ClosedRange<Int>) -> Bool {
        var lo = 0, hi = positions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if positions[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < positions.count && positions[lo] <= range.upperBound
    }

    /// Splits `range` at its `separator` tokens outside brackets into `count`
    /// ranges (each separator ends its range), or nil when there are not exactly `count - 1`.
    func split(_ range: ClosedRange<Int>, at separator: String, into count: Int) -> [ClosedRange<Int>]? {
        guard count > 1 else { return [range] }
        guard range.upperBound < tokens.count else { return nil }
        var out: [ClosedRange<Int>] = []
        var start = range.lowerBound
        var depth = 0
        for i in range {
            guard case let .punct(p) = tokens[i].kind else { continue }
            switch p {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case separator where depth == 0:
                out.append(start...i)
                start = i + 1
                if out.count >= count { return nil }
            default: break
            }
        }
        guard out.count == count - 1, start <= range.upperBound else { return nil }
        out.append(start...range.upperBound)
        return out
    }
}

extension SourceText {
    /// Words that act as operators, so a `-` after them is a sign and a `(` after them is not a call.
    private static let operatorWords: Set<String> = ["if", "then", "else", "in", "has", "like", "is", "permit", "forbid", "when", "unless"]

    /// The source tokens of `range` as text, with the comments written between
    /// them kept in place: each comment ends its output line, and the code after
    /// it continues on the next line, indented by `continuation`.
    func render(_ range: ClosedRange<Int>, indent: String, continuation: String) -> [String] {
        var lines: [String] = []
        var line = indent
        var atLineStart = true
        var commentIndex = positions.firstIndex { $0 > range.lowerBound } ?? positions.count
        for i in range where i < tokens.count {
            var brokeHere = false
            while commentIndex < comments.count, positions[commentIndex] == i, i > range.lowerBound {
                let c = comments[commentIndex]
                if c.trailing && !atLineStart {
                    line += " " + c.text
                } else {
                    if !atLineStart { lines.append(line) }
                    line = indent + continuation + c.text
                }
                lines.append(line)
                line = indent + continuation
                atLineStart = true
                brokeHere = true
                commentIndex += 1
            }
            let text = Self.text(of: tokens[i])
            if !atLineStart && !brokeHere && spaced(before: i) { line += " " }
            line += text
            atLineStart = false
        }
        lines.append(line)
        return lines
    }

    static func text(of t: Token) -> String {
        switch t.kind {
        case let .ident(s), let .number(s), let .slot(s), let .punct(s): return s
        case let .string(s): return "\"" + s + "\""
        case .eof: return ""
        }
    }

    /// Whether a space separates token `i` from the one before it, in the formatter's spacing.
    private func spaced(before i: Int) -> Bool {
        guard i > 0 else { return false }
        let a = tokens[i - 1].kind, b = tokens[i].kind
        if case let .punct(p) = b, [")", "]", ",", ";", ".", "::", ":"].contains(p) { return false }
        if case let .punct(p) = a, ["(", "[", ".", "::", "!", "@"].contains(p) { return false }
        if case .punct("-") = a, isSign(at: i - 1) { return false }
        if case .punct("(") = b, case let .ident(w) = a, !Self.operatorWords.contains(w) { return false }
        if case .punct("[") = b {
            switch a {
            case let .ident(w): return Self.operatorWords.contains(w)
            case .string, .punct(")"), .punct("]"): return false
            default: return true
            }
        }
        return true
    }

    /// True when the `-` at `i` is a sign rather than subtraction.
    private func isSign(at i: Int) -> Bool {
        guard i > 0 else { return true }
        switch tokens[i - 1].kind {
        case let .ident(w): return Self.operatorWords.contains(w)
        case .number, .string, .slot: return false
        case let .punct(p): return ![")", "]", "}"].contains(p)
        case .eof: return true
        }
    }
}
