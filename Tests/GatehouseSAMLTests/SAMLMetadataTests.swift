import Foundation
import GatehouseCore
@testable import GatehouseSAML
import Testing

@Suite("SAML metadata: the IdP's parsed, the SP's written")
struct SAMLMetadataTests {
    @Test("an EntityDescriptor gives the entity id, the Redirect SSO URL and only the signing certificate")
    func entityDescriptor() throws {
        let idp = try SAMLIdentityProviderMetadata.parse(SAMLFixtures.text("idp-metadata.xml"))
        #expect(idp.entityID == "https://idp.example.test/metadata")
        #expect(idp.ssoURL == "https://idp.example.test/sso/redirect")
        #expect(idp.certificates == [try SAMLFixtures.certificate("idp-cert.pem")])
    }

    @Test("an EntitiesDescriptor gives its first IdP; KeyDescriptors without use count as signing")
    func entitiesDescriptor() throws {
        let idp = try SAMLIdentityProviderMetadata.parse(SAMLFixtures.text("idp-metadata-entities.xml"))
        #expect(idp.entityID == "https://idp2.example.test/")
        #expect(idp.ssoURL == "https://idp2.example.test/sso?tenant=1")
        #expect(idp.certificates == [try SAMLFixtures.certificate("idp-cert.pem"), try SAMLFixtures.certificate("attacker-cert.pem")])
    }

    @Test("parsed metadata verifies the IdP's responses")
    func metadataThenVerify() throws {
        let idp = try SAMLIdentityProviderMetadata.parse(SAMLFixtures.text("idp-metadata.xml"))
        let verifier = SAMLResponseVerifier(identityProvider: idp, serviceProviderEntityID: SAMLFixtures.spEntityID, acsURL: SAMLFixtures.acsURL)
        let assertion = try verifier.verify(postedResponse: SAMLFixtures.posted("assertion-signed.xml"), at: SAMLFixtures.now)
        #expect(assertion.nameID == "alice@example.com")
    }

    @Test("missing parts are refused with a clear message")
    func missingParts() throws {
        let full = try SAMLFixtures.text("idp-metadata.xml")
        let cases: [(String, String)] = [
            (full.replacingOccurrences(of: #"entityID="https://idp.example.test/metadata""#, with: ""), "entityID"),
            (full.replacingOccurrences(of: "bindings:HTTP-Redirect", with: "bindings:HTTP-Artifact"), "HTTP-Redirect"),
            (full.replacingOccurrences(of: #"use="signing""#, with: #"use="encryption""#), "signing certificate"),
            (full.replacingOccurrences(of: "IDPSSODescriptor", with: "SPSSODescriptor"), "IDPSSODescriptor"),
            ("<nothing/>", "EntityDescriptor"),
        ]
        for (xml, mention) in cases {
            do {
                _ = try SAMLIdentityProviderMetadata.parse(xml)
                Issue.record("accepted metadata lacking \(mention)")
            } catch {
                #expect(error.code == "malformed")
                #expect(error.message.contains(mention), "\(error.message)")
            }
        }
    }

    @Test("metadata with a DTD or a bad certificate is refused")
    func unsafeMetadata() throws {
        let full = try SAMLFixtures.text("idp-metadata.xml")
        let dtd = full.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n")
        #expect(throws: SAMLRejection.self) { try SAMLIdentityProviderMetadata.parse(dtd) }
        do {
            _ = try SAMLIdentityProviderMetadata.parse(dtd)
        } catch {
            #expect(error.code == "dtd_refused")
        }
        let idpCertificate = try SAMLFixtures.certificate("idp-cert.pem")
        let garbage = full.replacingOccurrences(of: idpCertificate, with: "bm90IGEgY2VydGlmaWNhdGU=")
        do {
            _ = try SAMLIdentityProviderMetadata.parse(garbage)
            Issue.record("accepted a garbage certificate")
        } catch {
            #expect(error.code == "bad_certificate")
        }
    }

    @Test("the SP metadata round-trips: entity id, POST ACS, email NameID, escaped")
    func serviceProvider() throws {
        let acs = "https://gatehouse.example.test/saml/acct-1/acs?a=1&b=\"2\""
        let xml = SAMLServiceProviderMetadata.xml(entityID: SAMLFixtures.spEntityID, acsURL: acs)
        let document = try SAMLXMLDocument(bytes: Array(xml.utf8))
        let root = try #require(document.root)
        #expect(root.is("EntityDescriptor", in: SAMLNamespace.metadata))
        #expect(root.attribute("entityID") == SAMLFixtures.spEntityID)
        let sp = try #require(root.child("SPSSODescriptor", in: SAMLNamespace.metadata))
        #expect(sp.attribute("WantAssertionsSigned") == "true")
        let acsNode = try #require(sp.child("AssertionConsumerService", in: SAMLNamespace.metadata))
        #expect(acsNode.attribute("Location") == acs)
        #expect(acsNode.attribute("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST")
        #expect(sp.children("NameIDFormat", in: SAMLNamespace.metadata).map(\.textContent).contains(SAMLNamespace.nameIDEmail))
    }
}
