import Foundation

/// A user who has signed in through the account's IdP: under which name it knows them, and when last.
public struct SAMLLogin: Sendable, Hashable {
    public var userID: String
    public var issuer: String
    public var nameID: String
    public var lastAt: Date

    public init(userID: String, issuer: String, nameID: String, lastAt: Date) {
        self.userID = userID
        self.issuer = issuer
        self.nameID = nameID
        self.lastAt = lastAt
    }
}
