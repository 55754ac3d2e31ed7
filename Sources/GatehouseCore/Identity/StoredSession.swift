import Foundation

/// A signed-in browser. The store knows it only by the hash of its id; the id itself lives in the
/// browser's cookie.
public struct StoredSession: Sendable, Hashable {
    public var idHash: String
    public var userID: String
    public var accountID: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var address: String?
    public var userAgent: String?
    /// How the sign-in was proved (`password`, `password+totp`, `saml`, …): a session the account's IdP
    /// proved is not asked for a second factor, since the IdP is trusted for it.
    public var provedBy: String?

    public init(
        idHash: String, userID: String, accountID: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date, address: String?,
        userAgent: String?, provedBy: String? = nil
    ) {
        self.idHash = idHash
        self.userID = userID
        self.accountID = accountID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent
        self.provedBy = provedBy
    }

    public var provedBySAML: Bool { provedBy == "saml" }
}
