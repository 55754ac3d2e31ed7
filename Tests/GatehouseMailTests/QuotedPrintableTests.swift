@testable import GatehouseMail
import Testing

@Suite struct QuotedPrintableTests {
    @Test func escapesWhatIsNotPrintableASCII() {
        #expect(QuotedPrintable.encode("a=b ü") == "a=3Db =C3=BC")
        #expect(QuotedPrintable.encode("tab\tend\t") == "tab\tend=09")
        #expect(QuotedPrintable.encode("trailing \nnext") == "trailing=20\r\nnext")
    }

    @Test func normalizesLineEndingsToCRLF() {
        #expect(QuotedPrintable.encode("a\r\nb\nc\rd") == "a\r\nb\r\nc\r\nd")
    }

    @Test func softBreaksLongLinesWithoutSplittingAnEscape() {
        let encoded = QuotedPrintable.encode(String(repeating: "é", count: 60))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") })
        // Undo the soft breaks: the escapes come back whole.
        #expect(encoded.replacingOccurrences(of: "=\r\n", with: "") == String(repeating: "=C3=A9", count: 60))
    }

    @Test func decodesBackToTheTextWithCRLFLineEndings() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "=", " ", "\t", "\r\n", "\n", "\r", "é", "€", "🙂", "~", "x", "\u{7F}", "\u{01}"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...200, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let encoded = QuotedPrintable.encode(text)
            let lines = encoded.components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { $0.utf8.count <= 76 && $0.utf8.allSatisfy { $0 < 0x80 } })
            let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .replacingOccurrences(of: "\n", with: "\r\n")
            #expect(decode(encoded) == normalized, "\(text.debugDescription)")
        }
    }

    /// RFC 2045's decoding: soft breaks removed, `=XX` turned back into its byte.
    private func decode(_ encoded: String) -> String {
        let bytes = Array(encoded.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count, let byte = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16) {
                out.append(byte)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
