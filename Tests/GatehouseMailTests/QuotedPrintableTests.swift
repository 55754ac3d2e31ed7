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
}
