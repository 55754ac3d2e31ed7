import _CryptoExtras
import Crypto
import Foundation
import GatehouseCore
import X509

/// A SAML IdP of the tests' own: an RSA key with a self-signed certificate, and IdP-initiated responses
/// whose assertion it signs (RSA-SHA256, enveloped, exclusive c14n). The XML is written already in its
/// canonical form, so the digest and the signature are computed over the text itself: an implementation
/// independent of the verifier's libxml2 canonicalization, which must agree with it.
struct SAMLTestIdP: Sendable {
    let entityID: String
    let key: _RSA.Signing.PrivateKey
    let certificateDER: [UInt8]

    init(entityID: String = "https://idp.example.test/saml") throws {
        self.entityID = entityID
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName("Gatehouse test IdP") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: Date() - 3_600, notValidAfter: Date() + 86_400 * 365, issuer: name, subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: Certificate.Extensions(),
            issuerPrivateKey: Certificate.PrivateKey(key))
        certificateDER = try certificate.serializeAsPEM().derBytes
    }

    var identityProvider: SAMLIdentityProvider {
        SAMLIdentityProvider(entityID: entityID, ssoURL: "https://idp.example.test/sso", certificates: [Data(certificateDER).base64EncodedString()])
    }

    /// The PEM a person pastes in Account Security.
    var certificatePEM: String {
        let body = Data(certificateDER).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    /// A signed IdP-initiated response for `email` with these attributes, valid for an hour; base64, as posted.
    func response(
        email: String, attributes: [String: [String]], to sp: SAMLServiceProvider, at time: Date = Date()
    ) throws -> String {
        let assertionID = "_a" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let (now, later) = (Self.instant(time), Self.instant(time + 3_600))
        let ns = "urn:oasis:names:tc:SAML:2.0:assertion"
        let statements = attributes.keys.sorted().map { name -> String in
            let values = attributes[name, default: []].map { value -> String in "<saml:AttributeValue>\(Self.text(value))</saml:AttributeValue>" }
                .joined()
            return "<saml:Attribute Name=\"\(Self.attribute(name))\">\(values)</saml:Attribute>"
        }.joined()
        let head = "<saml:Assertion xmlns:saml=\"\(ns)\" ID=\"\(assertionID)\" IssueInstant=\"\(now)\" Version=\"2.0\">"
            + "<saml:Issuer>\(Self.text(entityID))</saml:Issuer>"
        let tail = "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">\(Self.text(email))</saml:NameID>"
            + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
            + "<saml:SubjectConfirmationData NotOnOrAfter=\"\(later)\" Recipient=\"\(Self.attribute(sp.acsURL))\"></saml:SubjectConfirmationData>"
            + "</saml:SubjectConfirmation></saml:Subject>"
            + "<saml:Conditions NotBefore=\"\(Self.instant(time - 60))\" NotOnOrAfter=\"\(later)\"><saml:AudienceRestriction>"
            + "<saml:Audience>\(Self.text(sp.entityID))</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
            + "<saml:AuthnStatement AuthnInstant=\"\(now)\"><saml:AuthnContext><saml:AuthnContextClassRef>"
            + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            + (statements.isEmpty ? "" : "<saml:AttributeStatement>\(statements)</saml:AttributeStatement>")
            + "</saml:Assertion>"
        let digest = Data(SHA256.hash(data: Data((head + tail).utf8))).base64EncodedString()
        let ds = "http://www.w3.org/2000/09/xmldsig#"
        let signedInfo = "<ds:SignedInfo>"
            + "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></ds:CanonicalizationMethod>"
            + "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"></ds:SignatureMethod>"
            + "<ds:Reference URI=\"#\(assertionID)\"><ds:Transforms>"
            + "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"></ds:Transform>"
            + "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"></ds:Transform></ds:Transforms>"
            + "<ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"></ds:DigestMethod>"
            + "<ds:DigestValue>\(digest)</ds:DigestValue></ds:Reference></ds:SignedInfo>"
        // Canonical SignedInfo carries the ds namespace it inherits from Signature in the document.
        let canonicalSignedInfo = signedInfo.replacingOccurrences(of: "<ds:SignedInfo>", with: "<ds:SignedInfo xmlns:ds=\"\(ds)\">")
        let signature = try key.signature(for: Data(canonicalSignedInfo.utf8), padding: .insecurePKCS1v1_5)
        let signatureElement = "<ds:Signature xmlns:ds=\"\(ds)\">\(signedInfo)<ds:SignatureValue>\(signature.rawRepresentation.base64EncodedString())"
            + "</ds:SignatureValue></ds:Signature>"
        let response = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"\(Self.attribute(sp.acsURL))\""
            + " ID=\"_r\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))\" IssueInstant=\"\(now)\" Version=\"2.0\">"
            + "<saml:Issuer xmlns:saml=\"\(ns)\">\(Self.text(entityID))</saml:Issuer>"
            + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"></samlp:StatusCode></samlp:Status>"
            + head + signatureElement + tail + "</samlp:Response>"
        return Data(response.utf8).base64EncodedString()
    }

    static func instant(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle()) }

    /// Character data as canonical XML writes it.
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// An attribute value as canonical XML writes it.
    static func attribute(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
