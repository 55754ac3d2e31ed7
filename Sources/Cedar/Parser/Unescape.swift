/// Cedar string-literal unescaping (the Rust string escape rules).
enum Unescape {
    enum Failure: Error { case invalid(String) }

    /// Unescapes a literal body. When `pattern` is true, `\*` yields a literal star and
    /// an unescaped `*` yields a wildcard.
    static func elements(_ raw: String, pattern: Bool) throws(Failure) -> [PatternElement] {
        let s = Array(raw.unicodeScalars)
        var out: [PatternElement] = []
        var i = 0
        func hexValue(_ c: Unicode.Scalar) -> UInt32? {
            switch c {
            case "0"..."9": return c.value - 48
            case "a"..."f": return c.value - 87
            case "A"..."F": return c.value - 55
            default: return nil
            }
        }
        while i < s.count {
            let c = s[i]
            if c == "\r" && !(i + 1 < s.count && s[i + 1] == "\n") {
                throw .invalid("bare carriage return in string")
            }
            if c != "\\" {
                out.append(pattern && c == "*" ? .wildcard : .char(c))
                i += 1
                continue
            }
            guard i + 1 < s.count else { throw .invalid("lone backslash") }
            let e = s[i + 1]
            i += 2
            switch e {
            case "n": out.append(.char("\n"))
            case "r": out.append(.char("\r"))
            case "t": out.append(.char("\t"))
            case "0": out.append(.char("\0"))
            case "\\": out.append(.char("\\"))
            case "'": out.append(.char("'"))
            case "\"": out.append(.char("\""))
            case "*" where pattern: out.append(.char("*"))
            case "x":
                guard i + 1 < s.count, let h = hexValue(s[i]), let l = hexValue(s[i + 1]) else {
                    throw .invalid("invalid \\x escape")
                }
                let v = h * 16 + l
                guard v <= 0x7f else { throw .invalid("\\x escape out of range") }
                out.append(.char(Unicode.Scalar(v)!))
                i += 2
            case "u":
                guard i < s.count, s[i] == "{" else { throw .invalid("invalid \\u escape") }
                i += 1
                var v: UInt32 = 0
                var digits = 0
                var closed = false
                var first = true
                while i < s.count {
                    let d = s[i]
                    i += 1
                    if d == "}" { closed = true; break }
                    if d == "_" {
                        if first { throw .invalid("leading underscore in \\u escape") }
                        continue
                    }
                    first = false
                    guard let h = hexValue(d) else { throw .invalid("invalid character in \\u escape") }
                    digits += 1
                    guard digits <= 6 else { throw .invalid("overlong \\u escape") }
                    v = v * 16 + h
                }
                guard closed, digits > 0 else { throw .invalid("unterminated \\u escape") }
                guard let scalar = Unicode.Scalar(v) else { throw .invalid("invalid unicode scalar in \\u escape") }
                out.append(.char(scalar))
            case "\n":
                // Line continuation: skip following whitespace.
                while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1 }
            default:
                throw .invalid("invalid escape `\\\(e)`")
            }
        }
        return out
    }

    static func string(_ raw: String) throws(Failure) -> String {
        var out = String.UnicodeScalarView()
        for e in try elements(raw, pattern: false) {
            if case let .char(c) = e { out.append(c) }
        }
        return String(out)
    }
}
