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

    var domain: AssetCollection {
        let creator: Principal? = createdByType.flatMap(PrincipalType.init(rawValue:)).flatMap { type in
            createdByID.map { Principal(type: type, id: $0) }
        }
        return AssetCollection(
            externalID: externalID, environmentID: environmentID, name: name, createdBy: creator, createdAt: createdAt,
            updatedAt: updatedAt)
    }
}
