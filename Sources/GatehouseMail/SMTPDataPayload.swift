import Foundation

/// The bytes sent after `DATA` (RFC 5321 §4.5.2): CRLF line endings, a line that starts with `.` gets a
/// second one (the server removes it), and `.` alone on a line ends the message.
enum SMTPDataPayload {
    static func make(_ message: String) -> String {
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(".") ? "." + line : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0 + "\r\n" }.joined() + ".\r\n"
    }
}
