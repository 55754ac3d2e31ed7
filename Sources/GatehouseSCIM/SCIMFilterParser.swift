import GatehouseCore

/// Recursive-descent parser for filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2).
///
/// Precedence is `not` > `and` > `or`, by one function per level. Errors name the 1-based character position;
/// the same parser reads PATCH paths, where its errors are `invalidPath` instead of `invalidFilter`.
struct SCIMFilterParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private let errorKind: SCIMError.Kind
    private let subject: String

    init(_ text: String, errorKind: SCIMError.Kind, subject: String) {
        self.scalars = Array(text.unicodeScalars.prefix(SCIMFilter.maximumLength + 1))
        self.errorKind = errorKind
        self.subject = subject
    }

    // MARK: Entry points

    mutating func parseWholeFilter() throws(SCIMError) -> SCIMFilter {
        try checkLength()
        skipSpaces()
        if atEnd { throw fail("the \(subject) is empty") }
        let filter = try parseOr(inBrackets: false)
        skipSpaces()
        if !atEnd { throw fail("unexpected '\(Character(scalars[position]))'") }
        return filter
    }

    /// `attrPath [ "[" valFilter "]" [ "." subAttr ] ]`, the PATCH path grammar.
    mutating func parseWholePatchPath() throws(SCIMError) -> SCIMPatchPath {
        try checkLength()
        skipSpaces()
        let start = position
        let path = try parseAttributePath()
        var filter: SCIMFilter?
        var subAttribute: String?
        if peek == "[" {
            guard path.subAttribute == nil else {
                throw fail("'\(path)' names a sub-attribute, so it cannot take a [filter]", at: start)
            }
            filter = try parseBrackets()
            if peek == "." {
                position += 1
                let nameStart = position
                let name = readWhile { Self.isNameScalar($0) && $0 != ":" && $0 != "." }
                guard SCIMAttributePath.isAttributeName(Substring(name)) else {
                    throw fail("expected a sub-attribute name after '].'", at: nameStart)
                }
                subAttribute = name
            }
        }
        skipSpaces()
        if !atEnd { throw fail("unexpected '\(Character(scalars[position]))'") }
        return SCIMPatchPath(attribute: path, filter: filter, subAttribute: subAttribute)
    }

    // MARK: Grammar

    private mutating func parseOr(inBrackets: Bool) throws(SCIMError) -> SCIMFilter {
        var left = try parseAnd(inBrackets: inBrackets)
        while keyword("or") {
            left = .or(left, try parseAnd(inBrackets: inBrackets))
        }
        return left
    }

    private mutating func parseAnd(inBrackets: Bool) throws(SCIMError) -> SCIMFilter {
        var left = try parseUnary(inBrackets: inBrackets)
        while keyword("and") {
            left = .and(left, try parseUnary(inBrackets: inBrackets))
        }
        return left
    }

    private mutating func parseUnary(inBrackets: Bool) throws(SCIMError) -> SCIMFilter {
        skipSpaces()
        if atEnd { throw fail("expected an expression") }
        let save = position
        if keyword("not") {
            skipSpaces()
            if peek == "(" {
                return .not(try parseGroup(inBrackets: inBrackets))
            }
            // An attribute may be called "not": read it as a path instead.
            position = save
        }
        if peek == "(" { return try parseGroup(inBrackets: inBrackets) }
        return try parseAttributeExpression(inBrackets: inBrackets)
    }

    private mutating func parseGroup(inBrackets: Bool) throws(SCIMError) -> SCIMFilter {
        let open = position
        position += 1
        try enter(at: open)
        let inner = try parseOr(inBrackets: inBrackets)
        skipSpaces()
        guard peek == ")" else {
            throw atEnd ? fail("the '(' at position \(open + 1) is never closed") : fail("expected ')'")
        }
        position += 1
        depth -= 1
        return inner
    }

    private mutating func parseAttributeExpression(inBrackets: Bool) throws(SCIMError) -> SCIMFilter {
        let start = position
        let path = try parseAttributePath()
        if peek == "[" {
            if inBrackets { throw fail("a [filter] cannot be nested inside another") }
            guard path.subAttribute == nil else {
                throw fail("'\(path)' names a sub-attribute, so it cannot take a [filter]", at: start)
            }
            let inner = try parseBrackets()
            guard peek == "." else { return .valuePath(path, inner) }
            // `emails[type eq "work"].value eq "x"`: not in RFC 7644's grammar, but what Entra ID sends when it
            // matches users on their work email. It reads as one value meeting both conditions.
            position += 1
            let nameStart = position
            let name = readWhile { Self.isNameScalar($0) && $0 != ":" && $0 != "." }
            guard SCIMAttributePath.isAttributeName(Substring(name)) else {
                throw fail("expected a sub-attribute name after '].'", at: nameStart)
            }
            let condition = try parseCondition(on: SCIMAttributePath(attribute: name))
            return .valuePath(path, .and(inner, condition))
        }
        return try parseCondition(on: path)
    }

    /// `SP "pr"` or `SP compareOp SP compValue` after an attribute path.
    private mutating func parseCondition(on path: SCIMAttributePath) throws(SCIMError) -> SCIMFilter {
        guard skipSpaces() > 0, !atEnd else {
            throw fail("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after '\(path)'")
        }
        let operatorStart = position
        let word = readWhile { $0.properties.isAlphabetic }.lowercased()
        if word == "pr" { return .present(path) }
        guard let op = SCIMFilter.Operator(rawValue: word) else {
            throw fail("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after '\(path)'", at: operatorStart)
        }
        guard skipSpaces() > 0, !atEnd else { throw fail("expected a value after '\(op.rawValue)'") }
        return .comparison(path, op, try parseValue())
    }

    private mutating func parseBrackets() throws(SCIMError) -> SCIMFilter {
        let open = position
        position += 1
        try enter(at: open)
        let inner = try parseOr(inBrackets: true)
        skipSpaces()
        guard peek == "]" else {
            throw atEnd ? fail("the '[' at position \(open + 1) is never closed") : fail("expected ']'")
        }
        position += 1
        depth -= 1
        return inner
    }

    private mutating func parseAttributePath() throws(SCIMError) -> SCIMAttributePath {
        let start = position
        let text = readWhile(Self.isNameScalar)
        if text.isEmpty {
            throw fail("expected an attribute name")
        }
        guard let path = SCIMAttributePath(text) else { throw fail("'\(text)' is not a valid attribute path", at: start) }
        return path
    }

    private mutating func parseValue() throws(SCIMError) -> JSONValue {
        guard let first = peek else { throw fail("expected a value") }
        if first == "\"" { return .string(try parseString()) }
        if first == "-" || ("0"..."9").contains(first) { return try parseNumber() }
        let start = position
        let word = readWhile { $0.properties.isAlphabetic }
        switch word.lowercased() {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default:
            throw fail("expected a value (a quoted string, a number, true, false or null)", at: start)
        }
    }

    private mutating func parseString() throws(SCIMError) -> String {
        let open = position
        position += 1
        var result = String.UnicodeScalarView()
        while let c = peek {
            position += 1
            switch c {
            case "\"": return String(result)
            case "\\":
                guard let e = peek else { break }
                position += 1
                switch e {
                case "\"", "\\", "/": result.append(e)
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u": result.append(try parseUnicodeEscape())
                default: throw fail("'\\\(Character(e))' is not a JSON escape", at: position - 2)
                }
            default:
                if c.value < 0x20 { throw fail("a control character must be escaped inside a string", at: position - 1) }
                result.append(c)
            }
        }
        throw fail("the string opened at position \(open + 1) is never closed")
    }

    private mutating func parseUnicodeEscape() throws(SCIMError) -> Unicode.Scalar {
        let start = position - 2
        let high = try readHex4(escapeStart: start)
        if (0xD800...0xDBFF).contains(high) {
            guard peek == "\\", position + 1 < scalars.count, scalars[position + 1] == "u" else {
                throw fail("a lone UTF-16 surrogate cannot be a character", at: start)
            }
            position += 2
            let low = try readHex4(escapeStart: start)
            guard (0xDC00...0xDFFF).contains(low), let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw fail("a lone UTF-16 surrogate cannot be a character", at: start)
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw fail("a lone UTF-16 surrogate cannot be a character", at: start) }
        return scalar
    }

    private mutating func readHex4(escapeStart: Int) throws(SCIMError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek, c.isASCII, let digit = UInt32(String(c), radix: 16) else {
                throw fail("'\\u' needs four hexadecimal digits", at: escapeStart)
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SCIMError) -> JSONValue {
        let start = position
        let text = readWhile { ("0"..."9").contains($0) || $0 == "-" || $0 == "+" || $0 == "." || $0 == "e" || $0 == "E" }
        guard Self.isJSONNumber(text) else { throw fail("'\(text)' is not a JSON number", at: start) }
        if let i = Int64(text) { return .integer(i) }
        guard let d = Double(text), d.isFinite else { throw fail("'\(text)' is out of range", at: start) }
        return .number(d)
    }

    /// RFC 8259 §6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" { s = s.dropFirst() }
        let intPart = s.prefix { $0.isASCII && $0.isNumber }
        guard !intPart.isEmpty, intPart == "0" || intPart.first != "0" else { return false }
        s = s.dropFirst(intPart.count)
        if s.first == "." {
            let frac = s.dropFirst().prefix { $0.isASCII && $0.isNumber }
            guard !frac.isEmpty else { return false }
            s = s.dropFirst(1 + frac.count)
        }
        if s.first == "e" || s.first == "E" {
            s = s.dropFirst()
            if s.first == "+" || s.first == "-" { s = s.dropFirst() }
            let exp = s.prefix { $0.isASCII && $0.isNumber }
            guard !exp.isEmpty else { return false }
            s = s.dropFirst(exp.count)
        }
        return s.isEmpty
    }

    // MARK: Scanning

    private var atEnd: Bool { position >= scalars.count }
    private var peek: Unicode.Scalar? { atEnd ? nil : scalars[position] }

    private func checkLength() throws(SCIMError) {
        if scalars.count > SCIMFilter.maximumLength {
            throw SCIMError(status: 400, scimType: errorKind, detail: "the \(subject) is longer than \(SCIMFilter.maximumLength) characters")
        }
    }

    private mutating func enter(at open: Int) throws(SCIMError) {
        depth += 1
        if depth > SCIMFilter.maximumDepth {
            throw fail("the \(subject) nests deeper than \(SCIMFilter.maximumDepth) levels", at: open)
        }
    }

    @discardableResult
    private mutating func skipSpaces() -> Int {
        let start = position
        while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
        return position - start
    }

    /// Consumes `word` (case-insensitively) when it stands alone after optional blanks; restores the position when not.
    private mutating func keyword(_ word: String) -> Bool {
        let save = position
        skipSpaces()
        let wordScalars = Array(word.unicodeScalars)
        guard position + wordScalars.count <= scalars.count else {
            position = save
            return false
        }
        for (i, w) in wordScalars.enumerated() where scalars[position + i].properties.lowercaseMapping != String(w) {
            position = save
            return false
        }
        let after = position + wordScalars.count
        if after < scalars.count, Self.isNameScalar(scalars[after]) {
            position = save
            return false
        }
        position = after
        return true
    }

    private mutating func readWhile(_ accept: (Unicode.Scalar) -> Bool) -> String {
        var view = String.UnicodeScalarView()
        while let c = peek, accept(c) {
            view.append(c)
            position += 1
        }
        return String(view)
    }

    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == ":" || c == "." || c == "$")
    }

    private func fail(_ message: String, at index: Int? = nil) -> SCIMError {
        let at = index ?? position
        let place = at >= scalars.count ? "at the end of the \(subject)" : "at position \(at + 1)"
        return SCIMError(status: 400, scimType: errorKind, detail: "\(message) \(place)")
    }
}
