import Foundation
import GatehouseCore

/// Checks a SAML Response posted to the ACS (HTTP-POST binding) and returns what its one assertion says.
///
/// Everything is read from the assertion whose signature was verified (or from inside the verified
/// Response), never looked up again in the document. What it leaves to the caller: `InResponseTo` against
/// the stored AuthnRequests, and remembering the assertion id until `notOnOrAfter` (replay).
public struct SAMLResponseVerifier: Sendable {
    /// Decoded responses above this are refused before parsing.
    public static let maximumSize = 256 * 1024

    public var identityProvider: SAMLIdentityProvider
    public var serviceProviderEntityID: String
    public var acsURL: String
    public var clockSkew: TimeInterval

    public init(
        identityProvider: SAMLIdentityProvider, serviceProviderEntityID: String, acsURL: String,
        clockSkew: TimeInterval = 180
    ) {
        self.identityProvider = identityProvider
        self.serviceProviderEntityID = serviceProviderEntityID
        self.acsURL = acsURL
        self.clockSkew = clockSkew
    }

    /// `postedResponse` is the SAMLResponse form field of the HTTP-POST binding (base64).
    ///
    /// `inResponseTo` comes from the bearer SubjectConfirmationData, or from the Response when the Response is
    /// signed. The returned `notOnOrAfter` is the earliest expiry in the assertion plus the clock skew: as long as
    /// it could still be accepted, so as long as its id must be remembered.
    public func verify(postedResponse: String, at now: Date) throws(SAMLRejection) -> SAMLAssertion {
        let document = try Self.decode(postedResponse)
        guard let response = document.root, response.is("Response", in: SAMLNamespace.protocol_) else {
            throw SAMLRejection("malformed", "The message is not a SAML 2.0 Response.")
        }
        guard response.attribute("Version") == "2.0" else {
            throw SAMLRejection("malformed", "The Response is not SAML version 2.0.")
        }
        try Self.checkStatus(of: response)
        let assertion = try Self.theAssertion(of: response)
        let responseSigned = try verifySignatures(response: response, assertion: assertion, in: document)
        return try readVerified(response: response, assertion: assertion, responseSigned: responseSigned, at: now)
    }

    private static func decode(_ posted: String) throws(SAMLRejection) -> SAMLXMLDocument {
        // Base64 is 4/3 of the bytes; the slack is for line breaks some IdPs insert.
        guard posted.utf8.count <= maximumSize / 3 * 4 + maximumSize / 16 + 16 else {
            throw SAMLRejection("too_large", "The SAML response is larger than \(maximumSize / 1024) KiB.")
        }
        let compact = posted.filter { !$0.isWhitespace }
        guard !compact.isEmpty, let data = Data(base64Encoded: compact) else {
            throw SAMLRejection("malformed", "The SAML response is not base64.")
        }
        guard data.count <= maximumSize else {
            throw SAMLRejection("too_large", "The SAML response is larger than \(maximumSize / 1024) KiB.")
        }
        return try SAMLXMLDocument(bytes: Array(data))
    }

    private static func checkStatus(of response: SAMLNode) throws(SAMLRejection) {
        let p = SAMLNamespace.protocol_
        guard let status = response.child("Status", in: p), let code = status.child("StatusCode", in: p) else {
            throw SAMLRejection("malformed", "The Response has no Status.")
        }
        let value = code.attribute("Value") ?? ""
        guard value == SAMLNamespace.statusSuccess else {
            var codes = [value]
            var nested = code.child("StatusCode", in: p)
            while let inner = nested {
                codes.append(inner.attribute("Value") ?? "")
                nested = inner.child("StatusCode", in: p)
            }
            let readable = codes.map { $0.split(separator: ":").last.map(String.init) ?? $0 }.joined(separator: "/")
            let message = status.child("StatusMessage", in: p)?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            let detail = message.map { $0.isEmpty ? "" : ": \($0.clipped)" } ?? ""
            throw SAMLRejection("idp_status", "The identity provider refused the sign-in (\(readable.clipped))\(detail).")
        }
    }

    /// The one assertion, a direct child of the Response. Counting every Assertion in the whole document
    /// (not just the children) defeats wrapping: a copy hidden in Extensions, an Object or another
    /// assertion is a second assertion.
    private static func theAssertion(of response: SAMLNode) throws(SAMLRejection) -> SAMLNode {
        let all = response.descendantsAndSelf
        if all.contains(where: { $0.is("EncryptedAssertion", in: SAMLNamespace.assertion) || $0.is("EncryptedID", in: SAMLNamespace.assertion) }) {
            throw SAMLRejection(
                "encrypted_unsupported",
                "The identity provider sent an encrypted assertion; Gatehouse does not decrypt assertions. Turn assertion encryption off for this application in the IdP (the assertion is still signed and sent over HTTPS)."
            )
        }
        let assertions = all.filter { $0.is("Assertion", in: SAMLNamespace.assertion) }
        guard assertions.count == 1, let assertion = assertions.first else {
            throw SAMLRejection("assertion_count", "The Response must carry exactly one Assertion; it has \(assertions.count).")
        }
        guard assertion.parent?.pointer == response.pointer else {
            throw SAMLRejection("assertion_count", "The Assertion is not where a Response carries it (a direct child).")
        }
        return assertion
    }

    /// Verifies every signature present (at least one); returns whether the Response itself was signed.
    private func verifySignatures(response: SAMLNode, assertion: SAMLNode, in document: SAMLXMLDocument) throws(SAMLRejection) -> Bool {
        let keys = identityProvider.certificates.compactMap { SAMLSigningKey(certificateBase64: $0) }
        guard !keys.isEmpty else {
            throw SAMLRejection("signature_invalid", "No usable signing certificate is configured for the identity provider.")
        }
        let verifier = SAMLSignatureVerifier(keys: keys)
        let responseSignatures = SAMLSignatureVerifier.signatures(of: response)
        let assertionSignatures = SAMLSignatureVerifier.signatures(of: assertion)
        guard responseSignatures.count <= 1, assertionSignatures.count <= 1 else {
            throw SAMLRejection("signature_invalid", "An element carries more than one signature.")
        }
        guard !responseSignatures.isEmpty || !assertionSignatures.isEmpty else {
            throw SAMLRejection("unsigned", "Neither the Response nor the Assertion is signed.")
        }
        // Both present: both must verify.
        if let signature = responseSignatures.first { try verifier.verify(response, signature: signature, in: document) }
        if let signature = assertionSignatures.first { try verifier.verify(assertion, signature: signature, in: document) }
        return !responseSignatures.isEmpty
    }

    private func readVerified(response: SAMLNode, assertion: SAMLNode, responseSigned: Bool, at now: Date) throws(SAMLRejection) -> SAMLAssertion {
        let saml = SAMLNamespace.assertion
        guard let id = assertion.attribute("ID"), !id.isEmpty else {
            throw SAMLRejection("malformed", "The Assertion has no ID.")
        }
        let issuer = assertion.child("Issuer", in: saml)?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
        guard issuer == identityProvider.entityID else {
            throw SAMLRejection("issuer_mismatch", "The assertion was issued by \(issuer?.clipped ?? "nobody"), not by \(identityProvider.entityID).")
        }
        if let responseIssuer = response.child("Issuer", in: saml)?.textContent.trimmingCharacters(in: .whitespacesAndNewlines),
            responseIssuer != identityProvider.entityID
        {
            throw SAMLRejection("issuer_mismatch", "The Response was issued by \(responseIssuer.clipped), not by \(identityProvider.entityID).")
        }
        if let destination = response.attribute("Destination"), destination != acsURL {
            throw SAMLRejection("destination_mismatch", "The Response is addressed to \(destination.clipped), not to this service's \(acsURL).")
        }

        guard let subject = assertion.child("Subject", in: saml), let nameIDNode = subject.child("NameID", in: saml) else {
            throw SAMLRejection("malformed", "The assertion has no Subject NameID.")
        }
        let nameID = nameIDNode.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !nameID.isEmpty else { throw SAMLRejection("malformed", "The assertion's NameID is empty.") }

        let confirmation = try bearerConfirmation(of: subject, at: now)
        let conditionsExpiry = try checkConditions(of: assertion, at: now)

        // The Response's own InResponseTo counts only when the Response is signed: otherwise anyone could
        // add one to an unsolicited assertion and pass it off as the answer to their own request.
        let responseInResponseTo = responseSigned ? response.attribute("InResponseTo") : nil
        if let fromConfirmation = confirmation.inResponseTo, let responseInResponseTo, fromConfirmation != responseInResponseTo {
            throw SAMLRejection("malformed", "The Response and its assertion answer different requests.")
        }

        var attributes: [String: [String]] = [:]
        for statement in assertion.children("AttributeStatement", in: saml) {
            for attribute in statement.children("Attribute", in: saml) {
                guard let name = attribute.attribute("Name") else { continue }
                let values = attribute.children("AttributeValue", in: saml).map(\.textContent)
                attributes[name, default: []].append(contentsOf: values)
            }
        }

        return SAMLAssertion(
            id: id, issuer: identityProvider.entityID, nameID: nameID, nameIDFormat: nameIDNode.attribute("Format"),
            inResponseTo: confirmation.inResponseTo ?? responseInResponseTo, attributes: attributes,
            notOnOrAfter: min(confirmation.notOnOrAfter, conditionsExpiry ?? confirmation.notOnOrAfter) + clockSkew)
    }

    /// A bearer `SubjectConfirmation` meant for this ACS and still valid (some IdPs send several).
    private func bearerConfirmation(of subject: SAMLNode, at now: Date) throws(SAMLRejection) -> (inResponseTo: String?, notOnOrAfter: Date) {
        let saml = SAMLNamespace.assertion
        let bearers = subject.children("SubjectConfirmation", in: saml).filter { $0.attribute("Method") == SAMLNamespace.bearer }
        guard !bearers.isEmpty else {
            throw SAMLRejection("recipient_mismatch", "The assertion has no bearer SubjectConfirmation.")
        }
        var rejection = SAMLRejection("recipient_mismatch", "No bearer SubjectConfirmation names this service's ACS URL \(acsURL).")
        for bearer in bearers {
            guard let data = bearer.child("SubjectConfirmationData", in: saml) else { continue }
            guard data.attribute("Recipient") == acsURL else {
                rejection = SAMLRejection(
                    "recipient_mismatch", "The assertion is meant for \(data.attribute("Recipient")?.clipped ?? "no recipient"), not for this service's \(acsURL).")
                continue
            }
            guard let notOnOrAfterText = data.attribute("NotOnOrAfter") else {
                rejection = SAMLRejection("malformed", "The bearer SubjectConfirmationData has no NotOnOrAfter.")
                continue
            }
            let notOnOrAfter = try SAMLTime.parse(notOnOrAfterText, field: "SubjectConfirmationData NotOnOrAfter")
            guard now < notOnOrAfter + clockSkew else {
                rejection = SAMLRejection("expired", "The assertion's subject confirmation expired at \(SAMLTime.format(notOnOrAfter)).")
                continue
            }
            if let notBeforeText = data.attribute("NotBefore") {
                let notBefore = try SAMLTime.parse(notBeforeText, field: "SubjectConfirmationData NotBefore")
                guard now + clockSkew >= notBefore else {
                    rejection = SAMLRejection("not_yet_valid", "The assertion's subject confirmation is valid only from \(SAMLTime.format(notBefore)).")
                    continue
                }
            }
            return (data.attribute("InResponseTo"), notOnOrAfter)
        }
        throw rejection
    }

    /// Checks `Conditions` (times with skew, audience) and returns its NotOnOrAfter.
    private func checkConditions(of assertion: SAMLNode, at now: Date) throws(SAMLRejection) -> Date? {
        let saml = SAMLNamespace.assertion
        let all = assertion.children("Conditions", in: saml)
        guard all.count == 1, let conditions = all.first else {
            throw SAMLRejection("audience_mismatch", "The assertion must carry one Conditions element with its audience.")
        }
        if let text = conditions.attribute("NotBefore") {
            let notBefore = try SAMLTime.parse(text, field: "Conditions NotBefore")
            guard now + clockSkew >= notBefore else {
                throw SAMLRejection("not_yet_valid", "The assertion is valid only from \(SAMLTime.format(notBefore)); check the clocks.")
            }
        }
        var expiry: Date?
        if let text = conditions.attribute("NotOnOrAfter") {
            let notOnOrAfter = try SAMLTime.parse(text, field: "Conditions NotOnOrAfter")
            guard now < notOnOrAfter + clockSkew else {
                throw SAMLRejection("expired", "The assertion expired at \(SAMLTime.format(notOnOrAfter)).")
            }
            expiry = notOnOrAfter
        }
        let restrictions = conditions.children("AudienceRestriction", in: saml)
        guard !restrictions.isEmpty else {
            throw SAMLRejection("audience_mismatch", "The assertion names no audience.")
        }
        // Each restriction must be satisfied (SAML core 2.5.1.4).
        for restriction in restrictions {
            let audiences = restriction.children("Audience", in: saml).map { $0.textContent.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard audiences.contains(serviceProviderEntityID) else {
                throw SAMLRejection(
                    "audience_mismatch", "The assertion is meant for \(audiences.joined(separator: ", ").clipped), not for \(serviceProviderEntityID).")
            }
        }
        return expiry
    }
}
