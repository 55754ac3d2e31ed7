import Foundation

/// What a verified SAML assertion says about the person signing in: produced only by a verifier that has
/// checked the signature, audience, recipient, times and structure, so the rest of Gatehouse trusts it.
public struct SAMLAssertion: Sendable, Hashable {
    /// The assertion's `ID`, accepted once (replay).
    public var id: String
    /// The IdP's entity id (`Issuer`).
    public var issuer: String
    /// The whole text of the `NameID` element.
    public var nameID: String
    /// The `NameID` `Format`, when given.
    public var nameIDFormat: String?
    /// The AuthnRequest this answers; nil for an IdP-initiated login.
    public var inResponseTo: String?
    /// Every attribute by its `Name`, values in document order; names are kept as sent (URI forms too).
    public var attributes: [String: [String]]
    /// Until when the assertion may be used (its id is remembered that long, for replay).
    public var notOnOrAfter: Date

    public init(
        id: String, issuer: String, nameID: String, nameIDFormat: String?, inResponseTo: String?,
        attributes: [String: [String]], notOnOrAfter: Date
    ) {
        self.id = id
        self.issuer = issuer
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.inResponseTo = inResponseTo
        self.attributes = attributes
        self.notOnOrAfter = notOnOrAfter
    }
}
