import Foundation

/// A user's authenticator secret: confirmed once the first code matched; `lastUsedStep` keeps a code
/// from being used twice.
public struct TwoFactorSecret: Sendable, Hashable {
    public var userID: String
    public var secret: [UInt8]
    public var confirmedAt: Date?
    public var lastUsedStep: Int64?

    public init(userID: String, secret: [UInt8], confirmedAt: Date? = nil, lastUsedStep: Int64? = nil) {
        self.userID = userID
        self.secret = secret
        self.confirmedAt = confirmedAt
        self.lastUsedStep = lastUsedStep
    }
}
