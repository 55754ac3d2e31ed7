import GatehouseCore

/// A collection as the Admin API's collection routes show it.
struct WireCollection: Encodable {
    struct Creator: Encodable {
        var type: String
        var id: String
    }
    var external_id: String
    var name: String
    var created_at: String
    var updated_at: String
    var created_by: Creator?

    init(_ c: AssetCollection) {
        external_id = c.externalID
        name = c.name
        created_at = WireTimestamp.string(c.createdAt)
        updated_at = WireTimestamp.string(c.updatedAt)
        created_by = c.createdBy.map { Creator(type: $0.type.rawValue, id: $0.id) }
    }
}

/// `DELETE collections/{collection_id}`.
struct WireDeletedCollection: Encodable {
    var message = "deleted"
    var external_id: String
}
