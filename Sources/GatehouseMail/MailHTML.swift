/// The HTML part of a mail, drawn from its plain text at delivery, so Core composes mail as text alone:
/// paragraphs at blank lines, a line that is a link becomes a link, everything else escaped. Works on the
/// text's bytes: every message is rendered at delivery, beside the writes that queue them.
enum MailHTML {
    static func render(subject: String, text: String) -> String {
        let body = paragraphs(of: text).map { paragraph -> String in
            if !paragraph.contains(where: \.isWhitespace), paragraph.hasPrefix("https://") || paragraph.hasPrefix("http://") {
                return "<p><a href=\"\(escape(paragraph))\">\(escape(paragraph))</a></p>"
            }
            return "<p>" + paragraph.split(separator: "\n").map { escape(String($0)) }.joined(separator: "<br>") + "</p>"
        }
        let title = subject.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(escape(title))</title></head>
            <body style="font-family: sans-serif">
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    /// The text split at blank lines (CRLF read as LF), each paragraph without the white space around it,
    /// empty ones left out.
    static func paragraphs(of text: String) -> [String] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if byte == 0x0A, bytes.last == 0x0D { bytes.removeLast() }
            bytes.append(byte)
        }
        var result: [String] = []
        var start = 0
        func take(_ end: Int) {
            var lower = start, upper = end
            while lower < upper, isSpace(bytes[lower]) { lower += 1 }
            while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
            if lower < upper { result.append(String(decoding: bytes[lower..<upper], as: UTF8.self)) }
        }
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A, bytes[i + 1] == 0x0A {
                take(i)
                i += 2
                start = i
            } else {
                i += 1
            }
        }
        take(bytes.count)
        return result
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static let escaped = Set("&<>\"'".utf8)

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: escaped.contains) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
