import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

@Suite("SAMLResponseVerifier accepts a response pysaml2 made")
struct SAMLPySAML2InteropTests {
    @Test("pysaml2's shape (ns0 redeclared on the Signature, both signed) verifies and reads right")
    func pysaml2Response() throws {
        let xml = try SAMLFixtures.text("pysaml2-response.xml")
        // The harness IdP's entity id has the port it ran on: take it from the document.
        let issuerStart = try #require(xml.range(of: "nameid-format:entity\">"))
        let issuerEnd = try #require(xml.range(of: "</ns1:Issuer>", range: issuerStart.upperBound..<xml.endIndex))
        let issuer = String(xml[issuerStart.upperBound..<issuerEnd.lowerBound])
        let verifier = SAMLResponseVerifier(
            identityProvider: SAMLIdentityProvider(
                entityID: issuer, ssoURL: "https://idp.example.test/sso", certificates: [try SAMLFixtures.certificate("pysaml2-idp-cert.pem")]),
            serviceProviderEntityID: SAMLFixtures.spEntityID, acsURL: SAMLFixtures.acsURL)
        let assertion = try verifier.verify(postedResponse: SAMLFixtures.posted("pysaml2-response.xml"), at: SAMLFixtures.now)
        #expect(assertion.nameID == "bob@example.com")
        #expect(assertion.inResponseTo == "_req-py")
        #expect(assertion.attributes["CloudinaryRole"] == ["*::admin", "ACCOUNT::billing"])
        #expect(assertion.attributes["givenName"] == ["Bob"])

        let tampered = xml.replacingOccurrences(of: "bob@example.com", with: "eve@example.com")
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: Data(tampered.utf8).base64EncodedString(), at: SAMLFixtures.now) } == "signature_invalid")
    }
}
