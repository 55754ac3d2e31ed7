import Foundation
import GatehouseCore
import GRDB

struct FolderRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "folder"
    var externalID: String
    var environmentID: String
    var name: String
    var path: String
    var parentID: String?
    /// Number of segments, so "shallowest first" is an ORDER BY.
    var depth: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ f: Folder) {
        externalID = f.externalID
        environmentID = f.environmentID
        name = f.name
        path = f.path
        parentID = f.parentID
        depth = FolderPath.segments(f.path).count
        createdAt = f.createdAt
        updatedAt = f.updatedAt
    }

    /// Listings read hundreds of folders per page: by column, skipping the `Decodable` machinery.
    init(row: Row) throws {
        externalID = try row.decode(forColumn: "externalID")
        environmentID = try row.decode(forColumn: "environmentID")
        name = try row.decode(forColumn: "name")
        path = try row.decode(forColumn: "path")
        parentID = try row.decode(forColumn: "parentID")
        depth = try row.decode(forColumn: "depth")
        createdAt = try row.decode(forColumn: "createdAt")
        updatedAt = try row.decode(forColumn: "updatedAt")
    }

    var domain: Folder {
        Folder(
            externalID: externalID, environmentID: environmentID, name: name, path: path, parentID: parentID,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
