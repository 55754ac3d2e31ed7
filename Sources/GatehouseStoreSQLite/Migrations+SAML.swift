import GRDB

extension Migrations {
    /// SAML single sign-on: each account's settings (the IdP as JSON: entity id, SSO URL, certificates),
    /// AuthnRequests awaiting their answer, assertion ids already used (replay), and which users have
    /// signed in through the IdP (their `providers`); and how each session's sign-in was proved.
    static func registerSAML(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-saml") { db in
            try db.create(table: "samlSettings") { t in
                t.primaryKey("accountID", .text).references("account", onDelete: .cascade)
                t.column("enabled", .boolean).notNull()
                t.column("enforced", .boolean).notNull()
                t.column("idpInitiated", .boolean).notNull()
                t.column("inviteNewUsers", .boolean).notNull()
                t.column("identityProviderJSON", .text)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "samlRequest") { t in
                t.primaryKey("id", .text)
                t.column("accountID", .text).notNull()
                t.column("relayStateHash", .text).notNull()
                t.column("returnTo", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull().indexed()
            }
            try db.create(table: "samlAssertion") { t in
                t.column("issuer", .text).notNull()
                t.column("id", .text).notNull()
                t.column("expiresAt", .datetime).notNull().indexed()
                t.primaryKey(["issuer", "id"])
            }
            try db.create(table: "samlLogin") { t in
                t.primaryKey("userID", .text).references("user", onDelete: .cascade)
                t.column("issuer", .text).notNull()
                t.column("nameID", .text).notNull()
                t.column("lastAt", .datetime).notNull()
            }
            try db.alter(table: "session") { t in t.add(column: "provedBy", .text) }
        }
    }
}
