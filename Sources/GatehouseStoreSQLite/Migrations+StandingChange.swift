import GRDB

extension Migrations {
    /// The write generation at which each scope of standing last changed (`StandingChange`): a cached grant
    /// or decision compares the scopes it depends on, so a write elsewhere leaves it warm.
    static func registerStandingChange(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-standing-change") { db in
            try db.execute(sql: "CREATE TABLE standingChange (scope TEXT PRIMARY KEY, generation INTEGER NOT NULL) WITHOUT ROWID")
        }
    }
}
