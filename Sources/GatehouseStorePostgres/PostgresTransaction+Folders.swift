import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func folder(externalID: String, environmentID: String) throws -> Folder? {
        try row("SELECT * FROM folder WHERE externalID = \(externalID) AND environmentID = \(environmentID)").map(Self.folder)
    }

    func folder(path: String, environmentID: String) throws -> Folder? {
        try row("SELECT * FROM folder WHERE environmentID = \(environmentID) AND path = \(path)").map(Self.folder)
    }

    /// `IS NOT DISTINCT FROM` matches the root folders (a NULL parent) as SQLite's `parentID IS NULL` does.
    func folders(parentID: String?, environmentID: String) throws -> [Folder] {
        try rows("""
            SELECT * FROM folder WHERE environmentID = \(environmentID) AND parentID IS NOT DISTINCT FROM \(parentID)::text
            ORDER BY name, externalID
            """).map(Self.folder)
    }

    /// A range scan on the (environment, path) index: everything after `path/` and before `path0` (`0`
    /// follows `/` in byte order, the columns' collation), which avoids LIKE and its wildcard characters.
    func folders(below path: String, environmentID: String) throws -> [Folder] {
        try rows("""
            SELECT * FROM folder WHERE environmentID = \(environmentID) AND path > \(path + "/") AND path < \(path + "0")
            ORDER BY depth, path
            """).map(Self.folder)
    }

    func folders(environmentID: String) throws -> [Folder] {
        try rows("SELECT * FROM folder WHERE environmentID = \(environmentID) ORDER BY path").map(Self.folder)
    }

    /// As SQLite's: each subtree is a named folder's own path or the byte range below it (the columns' collation
    /// orders by bytes too), the count and the page two statements in the same transaction.
    func folderPage(_ query: FolderPageQuery) throws -> FolderPage {
        var bindings = PostgresBindings()
        bindings.append(query.environmentID)
        var filter = "environmentID = $1"
        if let ids = query.subtreesOf {
            guard !ids.isEmpty else { return FolderPage(folders: [], total: 0) }
            let named = try rows("SELECT path FROM folder WHERE environmentID = \(query.environmentID) AND externalID = ANY(\(Array(ids)))")
            let subtrees = FolderPath.outermost(try named.map { try $0.value("path", as: String.self) })
            guard !subtrees.isEmpty else { return FolderPage(folders: [], total: 0) }
            var ranges: [String] = []
            for path in subtrees {
                let n = bindings.count
                ranges.append("path = $\(n + 1) OR (path > $\(n + 2) AND path < $\(n + 3))")
                bindings.append(path)
                bindings.append(path + "/")
                bindings.append(path + "0")
            }
            filter += " AND (" + ranges.joined(separator: " OR ") + ")"
        }
        let counted = try row(PostgresQuery(unsafeSQL: "SELECT COUNT(*) AS n FROM folder WHERE \(filter)", binds: bindings))
        let total: Int64 = try counted?.value("n") ?? 0
        let direction = query.ascending ? "ASC" : "DESC"
        let order: String
        switch query.sortBy {
        case .path: order = "path \(direction)"
        case .name: order = "name \(direction), path \(direction)"
        case .createdAt: order = "createdAt \(direction), path \(direction)"
        }
        let n = bindings.count
        bindings.append(query.limit)
        bindings.append(query.offset)
        let folders = try rows(PostgresQuery(
            unsafeSQL: "SELECT * FROM folder WHERE \(filter) ORDER BY \(order) LIMIT $\(n + 1) OFFSET $\(n + 2)", binds: bindings))
        return FolderPage(folders: try folders.map(Self.folder), total: Int(total))
    }

    func insert(_ folder: Folder) throws {
        try execute("""
            INSERT INTO folder (externalID, environmentID, name, path, parentID, depth, createdAt, updatedAt)
            VALUES (\(folder.externalID), \(folder.environmentID), \(folder.name), \(folder.path), \(folder.parentID),
                    \(FolderPath.segments(folder.path).count), \(folder.createdAt), \(folder.updatedAt))
            """)
    }

    func update(_ folder: Folder) throws {
        let changed = try execute("""
            UPDATE folder SET environmentID = \(folder.environmentID), name = \(folder.name), path = \(folder.path),
                parentID = \(folder.parentID), depth = \(FolderPath.segments(folder.path).count),
                createdAt = \(folder.createdAt), updatedAt = \(folder.updatedAt)
            WHERE externalID = \(folder.externalID)
            """)
        guard changed > 0 else { throw GatehouseError.notFound(kind: .folder, id: folder.externalID) }
    }

    func deleteFolder(externalID: String, environmentID: String) throws {
        try execute("DELETE FROM folder WHERE externalID = \(externalID) AND environmentID = \(environmentID)")
    }

    static func folder(_ row: Row) throws -> Folder {
        Folder(
            externalID: try row.value("externalID"), environmentID: try row.value("environmentID"), name: try row.value("name"),
            path: try row.value("path"), parentID: try row.value("parentID"), createdAt: try row.value("createdAt"),
            updatedAt: try row.value("updatedAt"))
    }
}
