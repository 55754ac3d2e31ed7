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

    public init(idHash: String, userID: String, accountID: String, createdAt: Date, lastSeenAt: Date, expiresAt: Date, address: String?, userAgent: String?) {
        self.idHash = idHash
        self.userID = userID
        self.accountID = accountID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent
    }
}
