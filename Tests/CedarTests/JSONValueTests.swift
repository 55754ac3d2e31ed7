import Testing
@testable import Cedar

@Suite("JSON")
struct JSONValueTests {
    @Test func parsesExactly() throws {
        let v = try JSONValue.parse(#"{"a": [1, -0, 9223372036854775807, 1.5e3, true, null, "\u00e9\ud83d\ude00\n"]}"#)
        #expect(v["a"] == .array([.number("1"), .number("-0"), .number("9223372036854775807"), .number("1.5e3"),
                                  .bool(true), .null, .string("é😀\n")]))
    }

    @Test func rejectsMalformedInput() {
        for text in [#"{"a": 1, "a": 2}"#, "[1,]", "{", "01", "1 2", #""\ud800""#, "nul", #"{"a" 1}"#,
                     String(repeating: "[", count: 129) + String(repeating: "]", count: 129)] {
            #expect((try? JSONValue.parse(text)) == nil, "\(text)")
        }
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect((try? JSONValue.parse(ok)) != nil)
    }

    @Test func serializesCompactly() throws {
        let v: JSONValue = .object([("b", .array([.bool(false), .string("q\"")])), ("a", .null)])
        #expect(v.serialized == #"{"b":[false,"q\""],"a":null}"#)
        #expect(try JSONValue.parse(v.serialized) == v)
    }

    @Test func valueRoundTripThroughCedarJSON() throws {
        let values: [Value] = [
            .record(["ip": .ext(.ipaddr(IPAddr("10.0.0.0/8")!)), "d": .ext(.decimal(CedarDecimal("-1.25")!)),
                     "t": .ext(.datetime(1_700_000_000_123)), "dur": .ext(.duration(-90_000)),
                     "e": .entity(EntityUID(type: "A::B", id: "x")), "s": .set([1, "a"])]),
        ]
        for v in values {
            #expect(try CedarJSON.value(from: CedarJSON.json(from: v)) == v)
        }
    }
}
