import GatehouseCore

/// The `ProductEnvironment` (sub account) object, with its keys as `api_access_keys`.
struct WireProductEnvironment: Encodable {
    struct Key: Encodable {
        var key: String
        var secret: String
        var enabled: Bool
    }

    var id: String
    var name: String
    var cloud_name: String
    var description: String?
    var enabled: Bool
    var api_access_keys: [Key]
    var custom_attributes: [String: JSONValue]
    var base_sub_account_id: String?
    var created_at: String
    var updated_at: String

    init(_ env: ProductEnvironment, keys: [AccessKey]) {
        id = env.id
        name = env.name
        cloud_name = env.cloudName
        description = env.description
        enabled = env.enabled
        api_access_keys = keys.map { Key(key: $0.apiKey, secret: $0.apiSecret, enabled: $0.enabled) }
        custom_attributes = env.customAttributes
        base_sub_account_id = env.baseSubAccountID
        created_at = WireTimestamp.string(env.createdAt)
        updated_at = WireTimestamp.string(env.updatedAt)
    }
}

/// `SubAccountSummary`, as listed under a user.
struct WireSubAccountSummary: Encodable {
    var id: String
    var name: String
    var description: String?
    var cloud_name: String
    var enabled: Bool

    init(_ env: ProductEnvironment) {
        id = env.id
        name = env.name
        description = env.description
        cloud_name = env.cloudName
        enabled = env.enabled
    }
}
