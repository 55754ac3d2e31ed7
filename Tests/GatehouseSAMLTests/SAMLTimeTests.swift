import Foundation
import GatehouseCore
@testable import GatehouseSAML
import Testing

@Suite("SAMLTime reads the xs:dateTime forms IdPs send")
struct SAMLTimeTests {
    @Test(
        "UTC with and without fractions, offsets",
        arguments: [
            ("2026-01-15T10:00:00Z", 0.0),
            ("2026-01-15T10:00:00.5Z", 0.5),
            ("2026-01-15T10:00:00.123Z", 0.123),
            // Entra ID writes seven fraction digits.
            ("2026-01-15T10:00:00.1234567Z", 0.1234567),
            ("2026-01-15T11:00:00+01:00", 0.0),
            ("2026-01-15T05:00:00-05:00", 0.0),
        ])
    func parses(text: String, fraction: Double) throws {
        let date = try SAMLTime.parse(text, field: "t")
        #expect(abs(date.timeIntervalSince(SAMLFixtures.time("2026-01-15T10:00:00Z")) - fraction) < 0.001)
    }

    @Test("garbage is malformed", arguments: ["", "yesterday", "2026-01-15", "2026-13-45T99:00:00Z"])
    func refuses(text: String) {
        do {
            _ = try SAMLTime.parse(text, field: "t")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == "malformed")
        }
    }
}
