/// Quoted-printable (RFC 2045 §6.7) for UTF-8 text: lines end in CRLF, no encoded line exceeds 76
/// characters, and `=` is always escaped, so a multipart boundary containing `=_` can never appear in a
/// body. Works on bytes: every message is encoded at delivery, beside the writes that queue them.
enum QuotedPrintable {
    static let maxLineLength = 76
    private static let digits = Array("0123456789ABCDEF".utf8)

    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var line: [UInt8] = []
        var firstLine = true
        func endLine() {
            if !firstLine { out += [0x0D, 0x0A] }
            firstLine = false
            encodeLine(line, into: &out)
            line.removeAll(keepingCapacity: true)
        }
        // Any of CRLF, LF or CR ends a line: the output uses CRLF only.
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D: endLine()
            case 0x0A where previousWasCR: break
            case 0x0A: endLine()
            default: line.append(byte)
            }
            previousWasCR = byte == 0x0D
        }
        endLine()
        return String(decoding: out, as: UTF8.self)
    }

    private static func encodeLine(_ bytes: [UInt8], into out: inout [UInt8]) {
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)  // trailing white space would be stripped in transit
            let width = literal ? 1 : 3
            // Leave room for the soft break `=`, and for the last piece when it ends the line.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if column + width > limit {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
            }
            if literal {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
            column += width
        }
    }
}
