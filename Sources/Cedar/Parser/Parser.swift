/// Recursive-descent parser for Cedar 4.x policy text.
///
/// It follows the reference grammar (`grammar.lalrpop`) and the CST-to-AST
/// conversion rules (`cst_to_ast.rs`): relations are non-associative, unary
/// operators repeat at most four times, `-` folds into integer literals, unknown
/// functions and methods are parse errors. Nesting is bounded by `maxDepth`
/// so hostile input produces an error rather than a stack overflow.
struct Parser {
    /// Maximum nesting of sub-expressions (parentheses, brackets, `if`, call arguments).
    static let maxNesting = 200
    /// Maximum depth of the resulting tree, counting operator and member-access chains.
    static let maxDepth = 1000
    /// Maximum number of `&&`/`||` operators in one policy (evaluated iteratively).
    static let maxLogicalOps = 2_000

    var tokens: [Token]
    var index = 0
    let lexer: Lexer
    /// Current expression nesting, counting both parentheses and operator chains.
    var depth = 0
    var nesting = 0
    var logicalOps = 0
    /// Token ranges of each parsed policy, for the comment-keeping formatter.
    var spans: [PolicySpan] = []

    static let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "has", "like"]
    static let extensionFunctions: Set<String> = ["ip", "decimal", "datetime", "duration"]
    static let extensionMethods: Set<String> = [
        "isIpv4", "isIpv6", "isLoopback", "isMulticast", "isInRange",
        "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
        "offset", "durationSince", "toDate", "toTime",
        "toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds",
    ]
    static let builtinMethods: [String: BinaryOp] = [
        "contains": .contains, "containsAll": .containsAll, "containsAny": .containsAny,
        "getTag": .getTag, "hasTag": .hasTag,
    ]

    init(_ text: String) throws(ParseError) {
        var lx = Lexer(text)
        tokens = try lx.tokenize()
        lexer = lx
    }

    // MARK: - Token helpers

    var current: Token { tokens[index] }

    func error(_ message: String, at token: Token? = nil) -> ParseError {
        lexer.error(message, at: (token ?? current).pos)
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case let .ident(s): return "`\(s)`"
        case let .number(s): return "`\(s)`"
        case .string: return "string literal"
        case let .slot(s): return "`\(s)`"
        case let .punct(s): return "`\(s)`"
        case .eof: return "end of input"
        }
    }

    func isPunct(_ p: String) -> Bool {
        if case let .punct(q) = current.kind { return q == p }
        return false
    }

    func isIdent(_ word: String) -> Bool {
        if case let .ident(s) = current.kind { return s == word }
        return false
    }

    func peekIsPunct(_ p: String, offset: Int = 1) -> Bool {
        let i = index + offset
        guard i < tokens.count else { return false }
        if case let .punct(q) = tokens[i].kind { return q == p }
        return false
    }

    mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    mutating func expect(_ p: String) throws(ParseError) {
        guard isPunct(p) else { throw error("expected `\(p)`, found \(describe(current))") }
        advance()
    }

    mutating func identifier() throws(ParseError) -> String {
        guard case let .ident(s) = current.kind else { throw error("expected identifier, found \(describe(current))") }
        advance()
        return s
    }

    mutating func unreservedIdentifier() throws(ParseError) -> String {
        let tok = current
        let s = try identifier()
        if Parser.reserved.contains(s) { throw error("`\(s)` is a reserved identifier", at: tok) }
        try rejectCedarReserved(s, at: tok)
        return s
    }

    /// The reference reserves the identifier `__cedar` (for its own internal
    /// namespace) wherever policy text uses an identifier: name segments
    /// (`__cedar::User`, `A::__cedar::"x"`), attributes (`.__cedar`, `has __cedar`)
    /// and record keys. Only the exact segment is reserved (`__cedarX` is fine), and
    /// annotation keys and string-quoted attributes are not affected.
    func rejectCedarReserved(_ s: String, at tok: Token) throws(ParseError) {
        if s == "__cedar" { throw error("`__cedar` is reserved and cannot be used as an identifier or name segment", at: tok) }
    }

    mutating func stringLiteral() throws(ParseError) -> String {
        guard case let .string(raw) = current.kind else { throw error("expected string literal, found \(describe(current))") }
        let tok = current
        advance()
        do { return try Unescape.string(raw) } catch { throw self.error(Parser.message(error), at: tok) }
    }

    static func message(_ f: Unescape.Failure) -> String {
        switch f { case let .invalid(m): return m }
    }

    mutating func enter() throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth { throw error("expression is too deeply nested (more than \(Parser.maxDepth) levels)") }
    }

    mutating func countLogicalOp() throws(ParseError) {
        logicalOps += 1
        if logicalOps > Parser.maxLogicalOps { throw error("too many `&&`/`||` operators (more than \(Parser.maxLogicalOps))") }
    }
}
