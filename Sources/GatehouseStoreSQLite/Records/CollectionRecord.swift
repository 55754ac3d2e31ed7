import Foundation
import GatehouseCore
import GRDB

struct CollectionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "collection"
    var externalID: String
    var environmentID: String
    var name: String
    /// `CollectionRules.key(name)`: the unique index and the listing order use it.
    var nameKey: String
    var createdByType: String?
    var createdByID: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ c: AssetCollection) {
        externalID = c.externalID
        environmentID = c.environmentID
        name = c.name
        nameKey = CollectionRules.key(c.name)
        createdByType = c.createdBy?.type.rawValue
        createdByID = c.createdBy?.id
        createdAt = c.createdAt
        updatedAt = c.updatedAt
    }

    /// The creator columns are both set or both NULL.
    var domain: AssetCollection {
        get throws {
            let creator: Principal?
            switch (createdByType, createdByID) {
            case (nil, nil): creator = nil
            case (let type?, let id?):
                creator = Principal(type: try StoredValue.parse(type, table: Self.databaseTableName, column: "createdByType"), id: id)
            case (nil, _?): throw StoredValue.corrupt(table: Self.databaseTableName, column: "createdByType", value: nil)
            case (_?, nil): throw StoredValue.corrupt(table: Self.databaseTableName, column: "createdByID", value: nil)
            }
            return AssetCollection(
                externalID: externalID, environmentID: environmentID, name: name, createdBy: creator, createdAt: createdAt,
                updatedAt: updatedAt)
        }
    }
}
