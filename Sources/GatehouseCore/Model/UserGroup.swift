import Foundation

/// A named set of users; roles given to the group apply to each member.
public struct UserGroup: Sendable, Hashable, Identifiable {
    public var id: String
    public var accountID: String
    public var name: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, accountID: String, name: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
