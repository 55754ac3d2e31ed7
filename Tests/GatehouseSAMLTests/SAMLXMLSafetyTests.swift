import Foundation
import GatehouseCore
import GatehouseSAML
import GatehouseTestSupport
import Testing

@Suite("SAML XML parsing is safe: no DTDs, no entities, size limits, no crash")
struct SAMLXMLSafetyTests {
    private func outcome(xml: String) throws -> String {
        let verifier = try SAMLFixtures.verifier()
        return SAMLFixtures.outcome { try verifier.verify(postedResponse: Data(xml.utf8).base64EncodedString(), at: SAMLFixtures.now) }
    }

    /// A signed fixture with a DOCTYPE put in front, so only the DTD rule can refuse it.
    private func withDoctype(_ doctype: String) throws -> String {
        let signed = try SAMLFixtures.text("assertion-signed.xml")
        return signed.replacingOccurrences(of: "?>\n<samlp:Response", with: "?>\n\(doctype)\n<samlp:Response")
    }

    @Test("an external entity (XXE) is refused as a DTD")
    func xxe() throws {
        let xml = try withDoctype(#"<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#)
            .replacingOccurrences(of: "alice@example.com</saml:NameID>", with: "&xxe;</saml:NameID>")
        #expect(try outcome(xml: xml) == "dtd_refused")
    }

    @Test("billion laughs is refused as a DTD, before any expansion")
    func billionLaughs() throws {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let xml = try withDoctype("<!DOCTYPE samlp:Response [\(entities)]>")
            .replacingOccurrences(of: "alice@example.com</saml:NameID>", with: "&lol9;</saml:NameID>")
        #expect(try outcome(xml: xml) == "dtd_refused")
    }

    @Test("an external DTD and an empty internal subset are refused")
    func externalDTD() throws {
        #expect(try outcome(xml: withDoctype(#"<!DOCTYPE samlp:Response SYSTEM "http://127.0.0.1:9/evil.dtd">"#)) == "dtd_refused")
        #expect(try outcome(xml: withDoctype("<!DOCTYPE samlp:Response>")) == "dtd_refused")
    }

    @Test("a DOCTYPE in UTF-16 (invisible to a byte scan) is still refused")
    func utf16Doctype() throws {
        let xml = try withDoctype(#"<!DOCTYPE samlp:Response [<!ENTITY x "y">]>"#)
            .replacingOccurrences(of: #"encoding="UTF-8""#, with: #"encoding="UTF-16""#)
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: Data(bytes).base64EncodedString(), at: SAMLFixtures.now) } == "dtd_refused")
    }

    @Test("what is not base64 or not XML is malformed")
    func malformed() throws {
        let verifier = try SAMLFixtures.verifier()
        for posted in ["", "%%%not base64%%%", Data("just text".utf8).base64EncodedString(), Data("<a><b></a>".utf8).base64EncodedString()] {
            #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: posted, at: SAMLFixtures.now) } == "malformed", "\(posted)")
        }
        #expect(try outcome(xml: #"<x:Response xmlns:x="urn:other" Version="2.0"/>"#) == "malformed")
        #expect(try outcome(xml: "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" Version=\"2.0\"/>") == "malformed")
    }

    @Test("a response larger than 256 KiB is refused before parsing")
    func tooLarge() throws {
        let signed = try SAMLFixtures.text("assertion-signed.xml")
        // Padding a comment: a parser would read it, the size rule refuses it first.
        let padded = signed + "<!--" + String(repeating: "x", count: 256 * 1024) + "-->"
        #expect(try outcome(xml: padded) == "too_large")
        let verifier = try SAMLFixtures.verifier()
        let huge = String(repeating: "QUFB", count: 200_000)
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: huge, at: SAMLFixtures.now) } == "too_large")
    }

    @Test("truncated and garbled documents are refused without crashing")
    func fuzz() throws {
        let verifier = try SAMLFixtures.verifier()
        for fixture in ["assertion-signed.xml", "both-signed.xml", "wrap-object.xml"] {
            let bytes = Array(try SAMLFixtures.text(fixture).utf8)
            // Every truncation that cuts into the root element.
            for length in stride(from: 0, to: bytes.count - 2, by: 7) {
                let posted = Data(bytes.prefix(length)).base64EncodedString()
                #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: posted, at: SAMLFixtures.now) } != "accepted")
            }
            // Deterministic byte garbling: outcomes may vary, a crash may not; most must be refused.
            var generator = SplitMix64(seed: 14)
            var refused = 0
            for _ in 0..<400 {
                var garbled = bytes
                for _ in 0..<Int(generator.next() % 4 + 1) {
                    let index = Int(generator.next() % UInt64(garbled.count))
                    garbled[index] = UInt8(truncatingIfNeeded: generator.next())
                }
                let posted = Data(garbled).base64EncodedString()
                if SAMLFixtures.outcome({ try verifier.verify(postedResponse: posted, at: SAMLFixtures.now) }) != "accepted" { refused += 1 }
            }
            #expect(refused > 300)
        }
    }
}
