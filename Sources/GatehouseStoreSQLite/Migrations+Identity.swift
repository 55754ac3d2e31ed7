import GRDB

extension Migrations {
    /// People: the mail queue, then passwords, sessions, one-time links, sign-in throttling and two-factor
    /// authentication. Secrets are kept only as hashes (the TOTP secret excepted: it must be read to check a
    /// code).
    static func registerIdentity(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-mail-queue") { db in
            try db.create(table: "mailQueue") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("recipient", .text).notNull()
                t.column("subject", .text).notNull()
                // Cleared once delivered: a body may hold a one-time link. The HTML part is drawn from it at delivery.
                t.column("textBody", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("attempts", .integer).notNull()
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("sentAt", .datetime)
                t.column("lastError", .text)
            }
            try db.create(index: "mailQueue_due", on: "mailQueue", columns: ["sentAt", "nextAttemptAt"])
        }
        migrator.registerMigration("v8-identity") { db in
            try db.create(table: "credential") { t in
                t.primaryKey("userID", .text).references("user", onDelete: .cascade)
                t.column("passwordHash", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "profile") { t in
                t.primaryKey("userID", .text).references("user", onDelete: .cascade)
                t.column("firstName", .text)
                t.column("lastName", .text)
                t.column("productUpdates", .boolean).notNull()
                t.column("securityNotices", .boolean).notNull()
                t.column("emailConfirmedAt", .datetime)
            }
            try db.create(table: "session") { t in
                t.primaryKey("idHash", .text)
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
                t.column("accountID", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("address", .text)
                t.column("userAgent", .text)
            }
            try db.create(table: "oneTimeToken") { t in
                t.primaryKey("tokenHash", .text)
                t.column("kind", .text).notNull()
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
                t.column("accountID", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
            }
            try db.create(table: "signInFailure") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("emailKey", .text).notNull()
                t.column("address", .text).notNull()
                t.column("at", .datetime).notNull()
            }
            try db.create(index: "signInFailure_email", on: "signInFailure", columns: ["emailKey", "at"])
            try db.create(index: "signInFailure_address", on: "signInFailure", columns: ["address", "at"])
            try db.create(table: "lockout") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("until", .datetime).notNull()
            }
            try db.create(index: "lockout_subject", on: "lockout", columns: ["kind", "subject", "until"])
            try db.create(table: "twoFactor") { t in
                t.primaryKey("userID", .text).references("user", onDelete: .cascade)
                t.column("secret", .blob).notNull()
                t.column("confirmedAt", .datetime)
                t.column("lastUsedStep", .integer)
            }
            try db.create(table: "recoveryCode") { t in
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
                t.column("codeHash", .text).notNull()
                t.column("usedAt", .datetime)
                t.primaryKey(["userID", "codeHash"])
            }
        }
        migrator.registerMigration("v9-require-two-factor") { db in
            try db.alter(table: "account") { t in t.add(column: "requireTwoFactor", .boolean).notNull().defaults(to: false) }
        }
    }
}
