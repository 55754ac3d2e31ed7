import Foundation
import GatehouseCore
import GatehouseSAML
import Testing

@Suite("SAMLResponseVerifier refuses attacks and wrong responses")
struct SAMLResponseAttackTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var fixture: String
        var code: String
        var testDescription: String { "\(fixture) → \(code)" }
    }

    @Test(
        "each attack fixture is refused with its code",
        arguments: [
            Case(fixture: "unsigned.xml", code: "unsigned"),
            // Signed by another key; its KeyInfo carries that key's certificate, which must not be trusted.
            Case(fixture: "wrong-key.xml", code: "signature_invalid"),
            Case(fixture: "tampered.xml", code: "signature_invalid"),
            Case(fixture: "response-signed-swapped.xml", code: "signature_invalid"),
            // Both signed: the assertion's signature still holds, the Response's does not.
            Case(fixture: "both-response-tampered.xml", code: "signature_invalid"),
            // Validly signed, but with inclusive c14n, which SAML verifiers need not (and we do not) accept.
            Case(fixture: "inclusive-c14n.xml", code: "signature_invalid"),
            // Validly signed over the whole document (URI=""), not over the Response by its ID.
            Case(fixture: "whole-document.xml", code: "signature_invalid"),
            Case(fixture: "assertion-sha1.xml", code: "weak_algorithm"),
            Case(fixture: "assertion-sha1-digest.xml", code: "weak_algorithm"),
            // Signature wrapping: a second unsigned assertion placed before the signed one.
            Case(fixture: "wrap-sibling.xml", code: "assertion_count"),
            // The signed assertion moved into Extensions, an evil one with the same ID in its place.
            Case(fixture: "wrap-extensions-same-id.xml", code: "assertion_count"),
            // The signed assertion moved into Extensions alone.
            Case(fixture: "wrap-extensions-only.xml", code: "assertion_count"),
            // The signed assertion hidden in a ds:Object of an evil assertion.
            Case(fixture: "wrap-object.xml", code: "assertion_count"),
            // The assertion's signature moved up to the Response; xmlsec1 --verify accepts this one.
            Case(fixture: "moved-signature.xml", code: "signature_invalid"),
            // The signed ID reused by another element.
            Case(fixture: "duplicate-id.xml", code: "signature_invalid"),
            Case(fixture: "wrong-recipient.xml", code: "recipient_mismatch"),
            Case(fixture: "wrong-destination.xml", code: "destination_mismatch"),
            Case(fixture: "encrypted.xml", code: "encrypted_unsupported"),
            Case(fixture: "status-failure.xml", code: "idp_status"),
        ])
    func attack(_ attack: Case) throws {
        let posted = try SAMLFixtures.posted(attack.fixture)
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: posted, at: SAMLFixtures.now) } == attack.code)
    }

    @Test("a successful Response without an assertion is refused")
    func noAssertion() throws {
        let unsigned = try SAMLFixtures.text("unsigned.xml")
        let start = try #require(unsigned.range(of: "<saml:Assertion "))
        let end = try #require(unsigned.range(of: "</saml:Assertion>"))
        let empty = unsigned.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: Data(empty.utf8).base64EncodedString(), at: SAMLFixtures.now) } == "assertion_count")
    }

    @Test("the IdP's status code is in the message")
    func statusMessage() throws {
        let posted = try SAMLFixtures.posted("status-failure.xml")
        let rejection = SAMLFixtures.rejection { try SAMLFixtures.verifier().verify(postedResponse: posted, at: SAMLFixtures.now) }
        #expect(rejection?.message.contains("Requester/AuthnFailed") == true)
        #expect(rejection?.message.contains("User canceled") == true)
    }

    @Test("values quoted from the message are clipped in the rejection message")
    func clippedMessage() throws {
        let long = try SAMLFixtures.text("status-failure.xml").replacingOccurrences(of: "User canceled", with: String(repeating: "A", count: 10_000))
        let verifier = try SAMLFixtures.verifier()
        let rejection = SAMLFixtures.rejection { try verifier.verify(postedResponse: Data(long.utf8).base64EncodedString(), at: SAMLFixtures.now) }
        #expect(rejection?.code == "idp_status")
        #expect((rejection?.message.count ?? .max) < 400)
    }

    @Test("the encrypted-assertion refusal says what to do")
    func encryptedMessage() throws {
        let posted = try SAMLFixtures.posted("encrypted.xml")
        let rejection = SAMLFixtures.rejection { try SAMLFixtures.verifier().verify(postedResponse: posted, at: SAMLFixtures.now) }
        #expect(rejection?.message.contains("encryption off") == true)
    }

    @Test("an assertion from another issuer is refused")
    func issuer() throws {
        let verifier = try SAMLFixtures.verifier(entityID: "https://other-idp.example.test/")
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "issuer_mismatch")
    }

    @Test("an assertion for another service provider is refused")
    func audience() throws {
        let verifier = try SAMLFixtures.verifier(spEntityID: "https://gatehouse.example.test/saml/acct-2/metadata")
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "audience_mismatch")
    }

    @Test("a response for another ACS is refused")
    func acs() throws {
        let verifier = try SAMLFixtures.verifier(acsURL: "https://gatehouse.example.test/saml/acct-2/acs")
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "destination_mismatch")
    }

    @Test(
        "times are checked with the 180 s skew",
        arguments: [
            ("2026-01-15T09:51:59Z", "not_yet_valid"),
            ("2026-01-15T09:52:00Z", "accepted"),
            ("2026-01-15T10:07:59Z", "accepted"),
            ("2026-01-15T10:08:00Z", "expired"),
            ("2027-01-15T10:00:00Z", "expired"),
        ])
    func times(at time: String, expected: String) throws {
        let posted = try SAMLFixtures.posted("assertion-signed.xml")
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: posted, at: SAMLFixtures.time(time)) } == expected)
    }

    @Test("an expired SubjectConfirmationData is refused though Conditions still hold")
    func subjectConfirmationExpiry() throws {
        let posted = try SAMLFixtures.posted("scd-early.xml")
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: posted, at: SAMLFixtures.time("2026-01-15T10:04:00Z")) } == "accepted")
        let late = SAMLFixtures.rejection { try verifier.verify(postedResponse: posted, at: SAMLFixtures.time("2026-01-15T10:06:00Z")) }
        #expect(late?.code == "expired")
        #expect(late?.message.contains("subject confirmation") == true)
    }

    @Test("no usable certificate configured refuses everything")
    func noCertificate() throws {
        let verifier = try SAMLFixtures.verifier(certificates: ["bm90IGEgY2VydA=="])
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "signature_invalid")
    }
}

@Suite("SAMLResponseVerifier refuses a mismatched key type")
struct SAMLKeyTypeTests {
    @Test("an ECDSA signature checked against the RSA certificate is invalid, not a crash")
    func ecdsaWithRSACertificate() throws {
        let verifier = try SAMLFixtures.verifier()
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-ecdsa.xml"), at: SAMLFixtures.now) } == "signature_invalid")
    }

    @Test("an RSA signature checked against the EC certificate is invalid")
    func rsaWithECCertificate() throws {
        let verifier = try SAMLFixtures.verifier(certificates: [SAMLFixtures.certificate("idp-ec-cert.pem")])
        #expect(SAMLFixtures.outcome { try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now) } == "signature_invalid")
    }
}
