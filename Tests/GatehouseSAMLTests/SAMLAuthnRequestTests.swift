import Foundation
import GatehouseCore
@testable import GatehouseSAML
import Testing

@Suite("SAMLAuthnRequest with the HTTP-Redirect binding")
struct SAMLAuthnRequestTests {
    let request = SAMLAuthnRequest(
        id: "_req-7f3a", issuer: SAMLFixtures.spEntityID, destination: "https://idp.example.test/sso/redirect",
        acsURL: SAMLFixtures.acsURL, issueInstant: SAMLFixtures.time("2026-01-15T10:00:00Z"))

    private func query(_ url: String) throws -> [String: String] {
        let components = try #require(URLComponents(string: url))
        var result: [String: String] = [:]
        for item in components.queryItems ?? [] { result[item.name] = item.value }
        return result
    }

    @Test("the redirect URL inflates back to the request")
    func roundTrip() throws {
        let url = request.redirectURL(relayState: "r/1+2=3&x")
        #expect(url.hasPrefix("https://idp.example.test/sso/redirect?SAMLRequest="))
        let items = try query(url)
        #expect(items["RelayState"] == "r/1+2=3&x")
        let encoded = try #require(items["SAMLRequest"])
        let deflated = try #require(Data(base64Encoded: encoded))
        let inflated = try #require(SAMLDeflate.decompress(Array(deflated), limit: 64 * 1024))
        #expect(String(decoding: inflated, as: UTF8.self) == request.xml)

        let document = try SAMLXMLDocument(bytes: inflated)
        let root = try #require(document.root)
        #expect(root.is("AuthnRequest", in: SAMLNamespace.protocol_))
        #expect(root.attribute("ID") == "_req-7f3a")
        #expect(root.attribute("Version") == "2.0")
        #expect(root.attribute("IssueInstant") == "2026-01-15T10:00:00Z")
        #expect(root.attribute("Destination") == "https://idp.example.test/sso/redirect")
        #expect(root.attribute("AssertionConsumerServiceURL") == SAMLFixtures.acsURL)
        #expect(root.attribute("ProtocolBinding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(root.child("Issuer", in: SAMLNamespace.assertion)?.textContent == SAMLFixtures.spEntityID)
    }

    @Test("the request is escaped, and an SSO URL with a query keeps it")
    func escapingAndQuery() throws {
        let odd = SAMLAuthnRequest(
            id: "_a\"<&", issuer: "urn:x&y", destination: "https://idp.example.test/sso?tenant=1",
            acsURL: SAMLFixtures.acsURL, issueInstant: SAMLFixtures.now)
        let document = try SAMLXMLDocument(bytes: Array(odd.xml.utf8))
        #expect(document.root?.attribute("ID") == "_a\"<&")
        let url = odd.redirectURL(relayState: "")
        #expect(url.hasPrefix("https://idp.example.test/sso?tenant=1&SAMLRequest="))
        #expect(!url.contains("RelayState"))
        #expect(try query(url)["tenant"] == "1")
    }

    @Test("percent-encoding leaves only unreserved characters")
    func percentEncoding() {
        #expect(SAMLAuthnRequest.percentEncoded("a+b/c=d ~") == "a%2Bb%2Fc%3Dd%20~")
    }
}
