import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func collection(externalID: String, environmentID: String) throws -> AssetCollection? {
        try row("SELECT * FROM collection WHERE externalID = \(externalID) AND environmentID = \(environmentID)").map(Self.collection)
    }

    func collection(named name: String, environmentID: String) throws -> AssetCollection? {
        try row("SELECT * FROM collection WHERE environmentID = \(environmentID) AND nameKey = \(CollectionRules.key(name))")
            .map(Self.collection)
    }

    func collections(environmentID: String) throws -> [AssetCollection] {
        try rows("SELECT * FROM collection WHERE environmentID = \(environmentID) ORDER BY nameKey, externalID").map(Self.collection)
    }

    func insert(_ collection: AssetCollection) throws {
        try execute("""
            INSERT INTO collection (externalID, environmentID, name, nameKey, createdByType, createdByID, createdAt, updatedAt)
            VALUES (\(collection.externalID), \(collection.environmentID), \(collection.name), \(CollectionRules.key(collection.name)),
                    \(collection.createdBy?.type.rawValue), \(collection.createdBy?.id), \(collection.createdAt), \(collection.updatedAt))
            """)
    }

    func update(_ collection: AssetCollection) throws {
        let changed = try execute("""
            UPDATE collection SET environmentID = \(collection.environmentID), name = \(collection.name),
                nameKey = \(CollectionRules.key(collection.name)), createdByType = \(collection.createdBy?.type.rawValue),
                createdByID = \(collection.createdBy?.id), createdAt = \(collection.createdAt), updatedAt = \(collection.updatedAt)
            WHERE externalID = \(collection.externalID)
            """)
        guard changed > 0 else { throw GatehouseError.notFound(kind: .collection, id: collection.externalID) }
    }

    func deleteCollection(externalID: String, environmentID: String) throws {
        try execute("DELETE FROM collection WHERE externalID = \(externalID) AND environmentID = \(environmentID)")
    }

    /// The creator columns are both set or both NULL.
    static func collection(_ row: Row) throws -> AssetCollection {
        let creator: Principal?
        switch (try row.value("createdByType", as: String?.self), try row.value("createdByID", as: String?.self)) {
        case (nil, nil): creator = nil
        case (let type?, let id?): creator = Principal(type: try StoredValue.parse(type, table: "collection", column: "createdByType"), id: id)
        case (nil, _?): throw StoredValue.corrupt(table: "collection", column: "createdByType", value: nil)
        case (_?, nil): throw StoredValue.corrupt(table: "collection", column: "createdByID", value: nil)
        }
        return AssetCollection(
            externalID: try row.value("externalID"), environmentID: try row.value("environmentID"), name: try row.value("name"),
            createdBy: creator, createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }
}
