import GRDB

extension Migrations {
    /// SCIM provisioning: tokens are provisioning keys of purpose `scim`; the SCIM attributes Gatehouse's own
    /// users and groups do not hold (userName, externalId, name parts, extensions) are kept beside them.
    static func registerSCIM(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-scim") { db in
            try db.alter(table: "provisioningKey") { t in t.add(column: "purpose", .text).notNull().defaults(to: "api") }
            try db.create(table: "scimUser") { t in
                t.primaryKey("userID", .text).references("user", onDelete: .cascade)
                t.column("accountID", .text).notNull()
                t.column("userNameKey", .text).notNull()
                t.column("attributesJSON", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["accountID", "userNameKey"])
            }
            try db.create(table: "scimGroup") { t in
                t.primaryKey("groupID", .text).references("userGroup", onDelete: .cascade)
                t.column("accountID", .text).notNull()
                t.column("attributesJSON", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
    }
}
