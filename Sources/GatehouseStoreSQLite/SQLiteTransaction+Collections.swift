import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func collection(externalID: String, environmentID: String) throws -> AssetCollection? {
        try CollectionRecord.filter(Column("externalID") == externalID && Column("environmentID") == environmentID).fetchOne(db)?.domain
    }

    func collection(named name: String, environmentID: String) throws -> AssetCollection? {
        try CollectionRecord.filter(Column("environmentID") == environmentID && Column("nameKey") == CollectionRules.key(name))
            .fetchOne(db)?.domain
    }

    func collections(environmentID: String) throws -> [AssetCollection] {
        try CollectionRecord.filter(Column("environmentID") == environmentID)
            .order(Column("nameKey"), Column("externalID")).fetchAll(db).map { try $0.domain }
    }

    func insert(_ collection: AssetCollection) throws { try CollectionRecord(collection).insert(db) }
    func update(_ collection: AssetCollection) throws { try CollectionRecord(collection).update(db) }

    func deleteCollection(externalID: String, environmentID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM collection WHERE externalID = ? AND environmentID = ?").execute(arguments: [externalID, environmentID])
    }
}
