import Foundation

/// An SP-initiated login under way: the AuthnRequest's id and the RelayState to send with it.
public struct SAMLLoginStart: Sendable {
    public var requestID: String
    public var relayState: String
    public var identityProvider: SAMLIdentityProvider
    public var issuedAt: Date
}

/// A person signed in through the IdP: the session for the cookie and where to go.
public struct SAMLSignedIn: Sendable {
    public var sessionToken: String
    /// A Console path.
    public var returnTo: String
    public var user: User
}
