import Foundation

/// What an identity provider said about a user that Gatehouse's `User` does not hold: the SCIM `userName`,
/// `externalId`, the parts of the name, the other emails, the enterprise extension. Kept as the client sent
/// it (canonical attribute names) so a `GET` gives back what was put, while the user's email, name and
/// whether it is active stay in the `User`, shared with every other door.
public struct SCIMUserProfile: Sendable, Hashable {
    public var userID: String
    public var accountID: String
    /// The SCIM resource's attributes apart from those the `User` holds, as a JSON object with `userName`.
    public var attributes: JSONValue
    public var updatedAt: Date

    public init(userID: String, accountID: String, attributes: JSONValue, updatedAt: Date) {
        self.userID = userID
        self.accountID = accountID
        self.attributes = attributes
        self.updatedAt = updatedAt
    }

    /// Unique in the account case-insensitively (RFC 7643 §4.1.1: `userName` uniqueness is the server's).
    public var userName: String { attributes.objectValue?["userName"]?.stringValue ?? "" }

    /// The form `userName` is compared in.
    public static func key(_ userName: String) -> String { userName.lowercased() }
}
