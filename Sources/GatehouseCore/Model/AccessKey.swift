import Foundation

/// An API key/secret pair of one product environment, used with the Admin and Upload APIs.
/// The secret is kept in clear because Cloudinary shows it in listings and signs requests with it.
public struct AccessKey: Sendable, Hashable {
    public var apiKey: String
    public var apiSecret: String
    public var subAccountID: String
    public var name: String?
    public var enabled: Bool
    /// Set on the one key per environment that signs webhook notifications.
    public var dedicatedForWebhooks: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        apiKey: String, apiSecret: String, subAccountID: String, name: String?, enabled: Bool = true,
        dedicatedForWebhooks: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.apiKey = apiKey
        self.apiSecret = apiSecret
        self.subAccountID = subAccountID
        self.name = name
        self.enabled = enabled
        self.dedicatedForWebhooks = dedicatedForWebhooks
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
