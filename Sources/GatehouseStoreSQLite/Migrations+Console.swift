import GRDB

extension Migrations {
    /// What the Console's users table filters on at 100,000 users: its status filter reads the status and the
    /// password-reset flag together, so counting a status is a walk of one index, not a read of every row; with
    /// the id in it, counting the holders of a role walks that index too.
    static func registerConsole(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-console-users") { db in
            try db.create(index: "user_on_account_status_reset", on: "user", columns: ["accountID", "status", "passwordResetPending", "id"])
            try db.drop(index: "user_on_account_status")  // a prefix of the new one
        }
    }
}
