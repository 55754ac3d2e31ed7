import Foundation

/// Splits policy text into tokens. Whitespace is skipped; `//` comments are
/// not tokens but are kept in ``comments`` so the formatter can put them back.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    /// Line on which the last token ended (strings may span lines), 0 before the first token.
    private var lastTokenLine = 0
    let sourceLines: [Substring]
    /// Every `//` comment in source order, keyed by the token that follows it.
    private(set) var comments: [SourceComment] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        sourceLines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func excerpt(line: Int) -> String {
        guard line >= 1 && line <= sourceLines.count else { return "" }
        // Only the first 81 characters are looked at: every located error asks, and a one-line statement
        // of 60 KB with thousands of errors made trimming the whole line each time quadratic.
        let text = sourceLines[line - 1]
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        let head = text[first...last].prefix(81)
        return head.count > 80 ? String(head.prefix(77)) + "..." : String(head)
    }

    func error(_ message: String, at pos: SourcePos) -> ParseError {
        ParseError(message: message, line: pos.line, column: pos.column, excerpt: excerpt(line: pos.line))
    }

    private var pos: SourcePos { SourcePos(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z")
    }

    private static func isIdentChar(_ c: Unicode.Scalar) -> Bool {
        isIdentStart(c) || (c >= "0" && c <= "9")
    }

    /// Tokenizes the whole input, ending with `.eof`.
    mutating func tokenize() throws(ParseError) -> [Token] {
        var tokens: [Token] = []
        while true {
            // Skip whitespace and comments.
            while let c = peek() {
                if c.properties.isWhitespace { advance(); continue }
                if c == "/" && peek(1) == "/" {
                    let commentLine = line
                    var text = ""
                    while let d = peek(), d != "\n" && d != "\r" { text.unicodeScalars.append(d); advance() }
                    while let last = text.unicodeScalars.last, last.properties.isWhitespace { text.unicodeScalars.removeLast() }
                    comments.append(SourceComment(text: text, beforeToken: tokens.count, trailing: commentLine == lastTokenLine))
                    continue
                }
                break
            }
            defer { lastTokenLine = line }
            let start = pos
            guard let c = peek() else {
                tokens.append(Token(kind: .eof, pos: start))
                return tokens
            }
            if Lexer.isIdentStart(c) {
                var s = ""
                while let d = peek(), Lexer.isIdentChar(d) { s.unicodeScalars.append(d); advance() }
                tokens.append(Token(kind: .ident(s), pos: start))
            } else if c >= "0" && c <= "9" {
                var s = ""
                while let d = peek(), d >= "0" && d <= "9" { s.unicodeScalars.append(d); advance() }
                tokens.append(Token(kind: .number(s), pos: start))
            } else if c == "\"" {
                advance()
                var s = ""
                var closed = false
                while let d = peek() {
                    if d == "\"" { advance(); closed = true; break }
                    if d == "\\" {
                        s.unicodeScalars.append(d); advance()
                        guard let e = peek() else { break }
                        s.unicodeScalars.append(e); advance()
                        continue
                    }
                    s.unicodeScalars.append(d); advance()
                }
                guard closed else { throw error("unterminated string literal", at: start) }
                tokens.append(Token(kind: .string(s), pos: start))
            } else if c == "?" {
                advance()
                var s = "?"
                while let d = peek(), Lexer.isIdentChar(d) { s.unicodeScalars.append(d); advance() }
                // A bare `?` only occurs in schemas (`attr?: Type`).
                tokens.append(Token(kind: s.count > 1 ? .slot(s) : .punct("?"), pos: start))
            } else {
                let two: String? = peek(1).map { String(c) + String($0) }
                if let two, ["::", "==", "!=", "<=", ">=", "||", "&&"].contains(two) {
                    advance(); advance()
                    tokens.append(Token(kind: .punct(two), pos: start))
                } else if "@.,;:(){}[]<>+-*/%!=".unicodeScalars.contains(c) {
                    advance()
                    tokens.append(Token(kind: .punct(String(c)), pos: start))
                } else {
                    throw error("unexpected character `\(c)`", at: start)
                }
            }
        }
    }
}

/// A `//` comment as written (trailing whitespace dropped), placed by the token it precedes.
struct SourceComment: Sendable, Hashable {
    /// The comment including its leading `//`.
    var text: String
    /// Index of the token after the comment (the `.eof` token for comments at the end).
    var beforeToken: Int
    /// True when code precedes the comment on its line (`x == 1 // why`).
    var trailing: Bool
}
