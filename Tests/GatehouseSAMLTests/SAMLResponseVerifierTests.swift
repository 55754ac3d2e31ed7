import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

@Suite("SAMLResponseVerifier accepts what a real signer made")
struct SAMLResponseVerifierTests {
    @Test(
        "signed by xmlsec1 on the Assertion, the Response or both",
        arguments: ["assertion-signed.xml", "response-signed.xml", "both-signed.xml", "assertion-sha512.xml"])
    func accepts(fixture: String) throws {
        let assertion = try SAMLFixtures.verifier().verify(postedResponse: SAMLFixtures.posted(fixture), at: SAMLFixtures.now)
        #expect(assertion.id == "_a1")
        #expect(assertion.issuer == SAMLFixtures.idpEntityID)
        #expect(assertion.nameID == "alice@example.com")
        #expect(assertion.nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress")
        #expect(assertion.inResponseTo == "_req-1")
        // The earliest expiry (10:05) plus the default skew of 180 s.
        #expect(assertion.notOnOrAfter == SAMLFixtures.time("2026-01-15T10:08:00Z"))
    }

    @Test("reads every attribute and the whole text of each value")
    func attributes() throws {
        let assertion = try SAMLFixtures.verifier().verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now)
        #expect(
            assertion.attributes == [
                "email": ["alice@example.com"],
                "firstName": ["Alice"],
                // The second value has a comment inside: it never splits the value.
                "CloudinaryRole": ["*::admin", "prodenv::media_library_user"],
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname": ["Liddell"],
            ])
    }

    @Test("InResponseTo: from the signed SubjectConfirmationData, or from the Response only when it is signed")
    func inResponseTo() throws {
        let verifier = try SAMLFixtures.verifier()
        let unsolicited = try verifier.verify(postedResponse: SAMLFixtures.posted("unsolicited.xml"), at: SAMLFixtures.now)
        #expect(unsolicited.inResponseTo == nil)
        // Added to the unsigned Response by whoever holds an unsolicited assertion: not believed.
        let added = try verifier.verify(postedResponse: SAMLFixtures.posted("unsolicited-irt-added.xml"), at: SAMLFixtures.now)
        #expect(added.inResponseTo == nil)
        let signedResponse = try verifier.verify(postedResponse: SAMLFixtures.posted("response-signed-irt.xml"), at: SAMLFixtures.now)
        #expect(signedResponse.inResponseTo == "_req-1")
    }

    @Test("an ECDSA P-256 signature verifies with the EC certificate")
    func ecdsa() throws {
        let verifier = try SAMLFixtures.verifier(certificates: [SAMLFixtures.certificate("idp-ec-cert.pem")])
        let assertion = try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-ecdsa.xml"), at: SAMLFixtures.now)
        #expect(assertion.nameID == "alice@example.com")
    }

    @Test("during a rotation any configured certificate may match")
    func rotation() throws {
        let verifier = try SAMLFixtures.verifier(certificates: [
            SAMLFixtures.certificate("attacker-cert.pem"), SAMLFixtures.certificate("idp-cert.pem"),
        ])
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "accepted")
    }

    @Test("the NameID is the whole text of its element: a signed comment inside does not split it")
    func commentInNameID() throws {
        let fixture = try SAMLFixtures.text("comment-nameid.xml")
        #expect(fixture.contains("victim@x.com<!---->.evil.com"))
        let assertion = try SAMLFixtures.verifier().verify(postedResponse: SAMLFixtures.posted("comment-nameid.xml"), at: SAMLFixtures.now)
        #expect(assertion.nameID == "victim@x.com.evil.com")
    }

    @Test("base64 with line breaks, as some IdPs post it, is accepted")
    func wrappedBase64() throws {
        let posted = try SAMLFixtures.posted("assertion-signed.xml")
        var wrapped = ""
        for (index, character) in posted.enumerated() {
            if index > 0, index % 76 == 0 { wrapped += "\r\n" }
            wrapped.append(character)
        }
        #expect(SAMLFixtures.outcome { try SAMLFixtures.verifier().verify(postedResponse: wrapped, at: SAMLFixtures.now) } == "accepted")
    }
}

@Suite("SAMLResponseVerifier under concurrency")
struct SAMLResponseVerifierConcurrencyTests {
    @Test("many verifications at once agree (libxml2 used with no shared state)")
    func concurrent() async throws {
        let verifier = try SAMLFixtures.verifier()
        let good = try SAMLFixtures.posted("both-signed.xml")
        let bad = try SAMLFixtures.posted("wrap-object.xml")
        let now = SAMLFixtures.now
        let outcomes = await withTaskGroup(of: (Int, String).self) { group in
            for index in 0..<64 {
                group.addTask {
                    (index, SAMLFixtures.outcome { try verifier.verify(postedResponse: index % 2 == 0 ? good : bad, at: now) })
                }
            }
            var result: [Int: String] = [:]
            for await (index, outcome) in group { result[index] = outcome }
            return result
        }
        #expect(outcomes.count == 64)
        for (index, outcome) in outcomes {
            #expect(outcome == (index % 2 == 0 ? "accepted" : "assertion_count"))
        }
    }
}
