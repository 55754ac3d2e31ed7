import Foundation

/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: lines end in CRLF, no encoded line exceeds 76
/// characters, and `=` is always escaped, so a multipart boundary containing `=_` can never appear in a
/// body.
enum QuotedPrintable {
    static let maxLineLength = 76

    static func encode(_ text: String) -> String {
        var out = ""
        // Any of CRLF, LF or CR ends a line: the output uses CRLF only.
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "\r\n" }
            out += encodeLine(Array(line.utf8))
        }
        return out
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var out = ""
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)  // trailing white space would be stripped in transit
            let piece = literal ? String(UnicodeScalar(byte)) : escape(byte)
            // Leave room for the soft break `=`, and for the last piece when it ends the line.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if column + piece.count > limit {
                out += "=\r\n"
                column = 0
            }
            out += piece
            column += piece.count
        }
        return out
    }

    private static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
