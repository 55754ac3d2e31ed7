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

    /// Each subtree is a named folder's own path and the byte range below it, as in `folders(below:)`: one range
    /// scan per subtree. The folders' sort keys come from the `folder_listing` index alone and only the page's
    /// rows are read from the table. The count and the page are two statements in the same transaction.
    func folderPage(_ query: FolderPageQuery) throws -> FolderPage {
        var matching = "SELECT rowid AS listed, createdAt, path, name FROM folder WHERE environmentID = ?"
        var arguments: StatementArguments = [query.environmentID]
        if let ids = query.subtreesOf {
            guard !ids.isEmpty else { return FolderPage(folders: [], total: 0) }
            let named = try String.fetchAll(
                db, sql: "SELECT path FROM folder WHERE environmentID = ? AND externalID IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
                arguments: StatementArguments([query.environmentID] + Array(ids)))
            // Disjoint subtrees, so the join below lists each folder once.
            let subtrees = FolderPath.outermost(named)
            guard !subtrees.isEmpty else { return FolderPage(folders: [], total: 0) }
            matching = """
                WITH subtree(path, below, above) AS (VALUES \(subtrees.map { _ in "(?, ?, ?)" }.joined(separator: ", ")))
                SELECT folder.rowid AS listed, folder.createdAt, folder.path, folder.name FROM subtree CROSS JOIN folder
                WHERE folder.environmentID = ? AND folder.path >= subtree.path AND folder.path < subtree.above
                  AND (folder.path = subtree.path OR folder.path > subtree.below)
                """
            arguments = []
            for path in subtrees { arguments += [path, path + "/", path + "0"] }
            arguments += [query.environmentID]
        }
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(matching))", arguments: arguments) ?? 0
        let direction = query.ascending ? "ASC" : "DESC"
        let order: String
        switch query.sortBy {
        case .path: order = "path \(direction)"
        case .name: order = "name \(direction), path \(direction)"
        case .createdAt: order = "createdAt \(direction), path \(direction)"
        }
        let folders = try FolderRecord.fetchAll(db, sql: """
            SELECT * FROM folder WHERE rowid IN (SELECT listed FROM (\(matching)) ORDER BY \(order) LIMIT ? OFFSET ?)
            ORDER BY \(order)
            """, arguments: arguments + [query.limit, query.offset])
        return FolderPage(folders: folders.map(\.domain), total: total)
    }

    func insert(_ folder: Folder) throws { try FolderRecord(folder).insert(db) }
    func update(_ folder: Folder) throws { try FolderRecord(folder).update(db) }

    func deleteFolder(externalID: String, environmentID: String) throws {
        try db.execute(sql: "DELETE FROM folder WHERE externalID = ? AND environmentID = ?", arguments: [externalID, environmentID])
    }
}
