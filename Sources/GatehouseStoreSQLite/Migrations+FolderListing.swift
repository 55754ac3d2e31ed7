import GRDB

extension Migrations {
    /// Covering indexes for folder listings (`SQLiteTransaction.folderPage`): a page of an environment's
    /// folders newest first (the search's default order) is read straight off `folder_recent`, and a page of
    /// some subtrees is sorted from `folder_listing` alone; only the page's rows are read from the table.
    /// Without them every listed folder's row was read and sorted: over 60 ms for a page of 50 among 25,000.
    static func registerFolderListing(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16-folder-listing") { db in
            try db.create(index: "folder_listing", on: "folder", columns: ["environmentID", "path", "createdAt", "name"])
            try db.create(index: "folder_recent", on: "folder", columns: ["environmentID", "createdAt", "path", "name"])
        }
    }
}
