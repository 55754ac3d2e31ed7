import Foundation
@testable import GatehouseHTTP
import NIOCore
import Testing

/// `JSONWriter` escapes by hand, byte by byte: whatever a string holds must read back the same through a
/// standard JSON parser.
@Suite struct JSONWriterTests {
    @Test func everyStringReadsBackTheSame() throws {
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let strings = ["", "plain", "quote \" backslash \\ slash /", controls, "é ü 名前 🙂", "\u{7F}\u{2028}", "a\"", "\\"]
        var w = JSONWriter()
        w.object { w in
            w.member("strings") { w in w.array(strings) { w, s in w.string(s) } }
            w.member("key \"\n\\", "value")
            w.member("none", nil as String?)
            w.member("flag", true)
            w.member("count", -42)
            w.member("empty", orNull: nil)
        }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes.readableBytesView)) as? [String: Any])
        #expect(parsed["strings"] as? [String] == strings)
        #expect(parsed["key \"\n\\"] as? String == "value")
        #expect(parsed["none"] == nil)
        #expect(parsed["flag"] as? Bool == true)
        #expect(parsed["count"] as? Int == -42)
        #expect(parsed["empty"] is NSNull)
        #expect(parsed.count == 5)
    }
}
