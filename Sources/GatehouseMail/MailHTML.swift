/// The HTML part of a mail, drawn from its plain text at delivery, so Core composes mail as text alone:
/// paragraphs at blank lines, a line that is a link becomes a link, everything else escaped.
enum MailHTML {
    static func render(subject: String, text: String) -> String {
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let body = paragraphs.map { paragraph -> String in
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

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { [UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains($0) }) else {
            return text
        }
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

import Foundation
