import Foundation

/// A link or step that works once: an invitation, a password reset, or the second step of a sign-in.
/// Stored by the hash of its token.
public struct OneTimeToken: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case invitation
        case reset
        case secondFactor = "second_factor"
    }

    public var tokenHash: String
    public var kind: Kind
    public var userID: String
    public var accountID: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(tokenHash: String, kind: Kind, userID: String, accountID: String, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.kind = kind
        self.userID = userID
        self.accountID = accountID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }

    public func isUsable(at time: Date) -> Bool { usedAt == nil && time < expiresAt }
}
