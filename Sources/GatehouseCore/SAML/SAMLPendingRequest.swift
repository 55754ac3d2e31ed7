import Foundation

/// An AuthnRequest sent to the IdP and not yet answered. Kept in the store, not in a cookie: the IdP's
/// answer is a cross-site POST, which a `SameSite=Lax` cookie would not come back with.
public struct SAMLPendingRequest: Sendable, Hashable {
    /// The AuthnRequest's `ID`, which the response's `InResponseTo` must name.
    public var id: String
    public var accountID: String
    /// Hash of the RelayState sent along, which must come back with the response.
    public var relayStateHash: String
    /// Where to go after signing in (a Console path).
    public var returnTo: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(id: String, accountID: String, relayStateHash: String, returnTo: String, createdAt: Date, expiresAt: Date) {
        self.id = id
        self.accountID = accountID
        self.relayStateHash = relayStateHash
        self.returnTo = returnTo
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
