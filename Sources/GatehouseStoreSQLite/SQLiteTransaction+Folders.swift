import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func folder(externalID: String, environmentID: String) throws -> Folder? {
        try FolderRecord.filter(Column("externalID") == externalID && Column("environmentID") == environmentID).fetchOne(db)?.domain
    }

    func folder(path: String, environmentID: String) throws -> Folder? {
        try FolderRecord.filter(Column("environmentID") == environmentID && Column("path") == path).fetchOne(db)?.domain
    }

    func folders(parentID: String?, environmentID: String) throws -> [Folder] {
        try FolderRecord.filter(Column("environmentID") == environmentID && Column("parentID") == parentID)
            .order(Column("name"), Column("externalID")).fetchAll(db).map(\.domain)
    }

    /// A range scan on the (environment, path) index: everything after `path/` and before `path0`
    /// (`0` follows `/` in byte order), which avoids LIKE and its wildcard characters in names.
    func folders(below path: String, environmentID: String) throws -> [Folder] {
        try FolderRecord.filter(Column("environmentID") == environmentID && Column("path") > path + "/" && Column("path") < path + "0")
            .order(Column("depth"), Column("path")).fetchAll(db).map(\.domain)
    }

    func folders(environmentID: String) throws -> [Folder] {
        try FolderRecord.filter(Column("environmentID") == environmentID).order(Column("path")).fetchAll(db).map(\.domain)
    }

    func insert(_ folder: Folder) throws { try FolderRecord(folder).insert(db) }
    func update(_ folder: Folder) throws { try FolderRecord(folder).update(db) }

    func deleteFolder(externalID: String, environmentID: String) throws {
        try db.execute(sql: "DELETE FROM folder WHERE externalID = ? AND environmentID = ?", arguments: [externalID, environmentID])
    }
}
