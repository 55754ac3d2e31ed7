import Foundation

/// The SCIM attributes of a user group that the `UserGroup` does not hold (`externalId`).
public struct SCIMGroupProfile: Sendable, Hashable {
    public var groupID: String
    public var accountID: String
    public var attributes: JSONValue
    public var updatedAt: Date

    public init(groupID: String, accountID: String, attributes: JSONValue, updatedAt: Date) {
        self.groupID = groupID
        self.accountID = accountID
        self.attributes = attributes
        self.updatedAt = updatedAt
    }
}
