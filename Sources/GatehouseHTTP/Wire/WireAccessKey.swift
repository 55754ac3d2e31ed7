import GatehouseCore

/// The `AccessKey` object; `dedicated_for` is a list, as the legacy SDK's tests read it.
struct WireAccessKey: Encodable {
    var name: String?
    var api_key: String
    var api_secret: String
    var enabled: Bool
    var dedicated_for: [String]
    var created_at: String
    var updated_at: String

    init(_ key: AccessKey) {
        name = key.name
        api_key = key.apiKey
        api_secret = key.apiSecret
        enabled = key.enabled
        dedicated_for = key.dedicatedForWebhooks ? ["webhooks"] : []
        created_at = WireTimestamp.string(key.createdAt)
        updated_at = WireTimestamp.string(key.updatedAt)
    }
}
