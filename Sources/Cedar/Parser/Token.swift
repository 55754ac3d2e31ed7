/// Lexical tokens of the Cedar policy language.
enum TokenKind: Sendable, Hashable {
    /// Identifier or keyword (keywords are recognised by the parser, as Cedar
    /// lets many of them appear as annotation keys and names).
    case ident(String)
    /// Unsigned integer literal (raw digits; range is checked by the parser).
    case number(String)
    /// String literal with the surrounding quotes removed, still escaped.
    case string(String)
    /// `?principal`, `?resource` or any other `?name` (rejected by the parser).
    case slot(String)
    case punct(String)
    case eof
}

struct Token: Sendable {
    var kind: TokenKind
    var pos: SourcePos
}
