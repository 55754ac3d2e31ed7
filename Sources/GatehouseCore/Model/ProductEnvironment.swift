import Foundation

/// One product environment (Cloudinary's "sub account"), addressed on the Admin/Upload APIs by its cloud name.
public struct ProductEnvironment: Sendable, Hashable, Identifiable {
    public var id: String
    public var accountID: String
    public var name: String
    public var cloudName: String
    public var description: String?
    public var enabled: Bool
    public var customAttributes: [String: JSONValue]
    /// The environment whose settings this one was created from, if any.
    public var baseSubAccountID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, accountID: String, name: String, cloudName: String, description: String? = nil,
        enabled: Bool = true, customAttributes: [String: JSONValue] = [:], baseSubAccountID: String? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.cloudName = cloudName
        self.description = description
        self.enabled = enabled
        self.customAttributes = customAttributes
        self.baseSubAccountID = baseSubAccountID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
