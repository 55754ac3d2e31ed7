import GRDB

/// Named, append-only schema migrations. Never edit a shipped migration: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-provisioning") { db in
            try db.create(table: "account") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("planUserLimit", .integer).notNull()
                t.column("additionalUserSubscriptions", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "provisioningKey") { t in
                t.primaryKey("key", .text)
                t.column("accountID", .text).notNull().indexed().references("account", onDelete: .cascade)
                t.column("name", .text)
                t.column("secretSalt", .blob).notNull()
                t.column("secretHash", .blob).notNull()
                t.column("enabled", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            // Listing order ties break on rowid, which follows insertion.
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("accountID", .text).notNull().references("account", onDelete: .cascade)
                t.column("name", .text).notNull()
                // Lowercased name: the case-insensitive prefix filter is a range scan on it.
                t.column("nameKey", .text).notNull()
                t.column("email", .text).notNull()
                t.column("emailKey", .text).notNull()
                t.column("role", .text).notNull()
                t.column("status", .text).notNull()
                t.column("enabled", .boolean).notNull()
                t.column("allSubAccounts", .boolean).notNull()
                t.column("root", .boolean).notNull()
                t.column("twoFactor", .boolean).notNull()
                t.column("passwordResetPending", .boolean).notNull()
                t.column("lastLogin", .datetime)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "user_on_account_name", on: "user", columns: ["accountID", "nameKey"])
            try db.create(index: "user_on_account_status", on: "user", columns: ["accountID", "status"])
            // The email rule, backed by the database: one live (not deleted) user per address.
            try db.execute(sql: """
                CREATE UNIQUE INDEX user_live_email ON user(emailKey) WHERE status != 'inactive'
                """)
            try db.create(index: "user_on_email", on: "user", columns: ["emailKey"])
            try db.create(table: "environment") { t in
                t.primaryKey("id", .text)
                t.column("accountID", .text).notNull().indexed().references("account", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("nameKey", .text).notNull()
                t.column("cloudName", .text).notNull().unique()
                t.column("description", .text)
                t.column("enabled", .boolean).notNull()
                t.column("customAttributes", .jsonText).notNull()
                t.column("baseSubAccountID", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "userEnvironment") { t in
                t.column("userID", .text).notNull().references("user", onDelete: .cascade)
                t.column("environmentID", .text).notNull().indexed().references("environment", onDelete: .cascade)
                t.primaryKey(["userID", "environmentID"])
            }
            try db.create(table: "userGroup") { t in
                t.primaryKey("id", .text)
                t.column("accountID", .text).notNull().references("account", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("nameKey", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["accountID", "nameKey"])
            }
            try db.create(table: "groupMember") { t in
                t.column("groupID", .text).notNull().references("userGroup", onDelete: .cascade)
                t.column("userID", .text).notNull().indexed().references("user", onDelete: .cascade)
                t.column("addedAt", .datetime).notNull()
                t.primaryKey(["groupID", "userID"])
            }
            try db.create(table: "accessKey") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("apiKey", .text).notNull().unique()
                t.column("subAccountID", .text).notNull().indexed().references("environment", onDelete: .cascade)
                t.column("apiSecret", .text).notNull()
                t.column("name", .text)
                t.column("enabled", .boolean).notNull()
                t.column("dedicatedForWebhooks", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-permissions") { db in
            try db.create(table: "role") { t in
                t.column("id", .text).notNull()
                t.column("accountID", .text).notNull().references("account", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("nameKey", .text).notNull()
                t.column("description", .text)
                t.column("scopeType", .text).notNull()
                t.column("permissionType", .text).notNull()
                t.column("policyParameters", .jsonText).notNull()
                t.column("systemPolicyIDs", .jsonText).notNull()
                t.column("assignableTo", .jsonText).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["accountID", "id"])
                t.uniqueKey(["accountID", "nameKey"])
            }
            // Empty strings (not NULL) stand for "no scope" / "no instance" so the unique key sees them.
            try db.create(table: "roleAssignment") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("accountID", .text).notNull().references("account", onDelete: .cascade)
                t.column("roleID", .text).notNull()
                t.column("principalType", .text).notNull()
                t.column("principalID", .text).notNull()
                t.column("scopeID", .text).notNull()
                t.column("instanceKind", .text).notNull()
                t.column("instanceID", .text).notNull()
                t.column("source", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["accountID", "roleID", "principalType", "principalID", "scopeID", "instanceKind", "instanceID"])
            }
            try db.create(index: "roleAssignment_on_principal", on: "roleAssignment", columns: ["accountID", "principalType", "principalID"])
            try db.create(index: "roleAssignment_on_role", on: "roleAssignment", columns: ["accountID", "roleID"])
            try db.create(table: "customPolicy") { t in
                t.primaryKey("id", .text)
                t.column("accountID", .text).notNull().indexed().references("account", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("description", .text)
                t.column("statement", .text).notNull()
                t.column("scopeType", .text).notNull()
                t.column("scopeID", .text)
                t.column("enabled", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
        }
        migrator.registerMigration("v3-folders") { db in
            // Paths compare byte-wise (case-sensitive, as Cloudinary's); the unique key is the uniqueness rule.
            try db.create(table: "folder") { t in
                t.primaryKey("externalID", .text)
                t.column("environmentID", .text).notNull().references("environment", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("path", .text).notNull()
                t.column("parentID", .text)
                t.column("depth", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["environmentID", "path"])
            }
            try db.create(index: "folder_on_parent", on: "folder", columns: ["environmentID", "parentID", "name"])
        }
        // Seats are read on every user create; a counter kept by triggers makes that O(1) instead of a count
        // over every user of the account, and no code path can forget to maintain it.
        migrator.registerMigration("v4-seat-counter") { db in
            try db.alter(table: "account") { t in
                t.add(column: "seatsUsed", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: """
                UPDATE account SET seatsUsed = (
                    SELECT COUNT(*) FROM user WHERE user.accountID = account.id AND user.status != 'inactive');
                CREATE TRIGGER user_seat_insert AFTER INSERT ON user WHEN NEW.status != 'inactive'
                BEGIN UPDATE account SET seatsUsed = seatsUsed + 1 WHERE id = NEW.accountID; END;
                CREATE TRIGGER user_seat_delete AFTER DELETE ON user WHEN OLD.status != 'inactive'
                BEGIN UPDATE account SET seatsUsed = seatsUsed - 1 WHERE id = OLD.accountID; END;
                CREATE TRIGGER user_seat_update AFTER UPDATE OF status ON user
                WHEN (OLD.status = 'inactive') != (NEW.status = 'inactive')
                BEGIN
                    UPDATE account SET seatsUsed = seatsUsed + (CASE WHEN NEW.status = 'inactive' THEN -1 ELSE 1 END)
                    WHERE id = NEW.accountID;
                END;
                """)
        }
        // Collections (the instances collection roles are held on). Names are unique per environment
        // case-insensitively (`nameKey`); the environment's deletion takes its collections with it.
        migrator.registerMigration("v5-collections") { db in
            try db.create(table: "collection") { t in
                t.primaryKey("externalID", .text)
                t.column("environmentID", .text).notNull().references("environment", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("nameKey", .text).notNull()
                t.column("createdByType", .text)
                t.column("createdByID", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["environmentID", "nameKey"])
            }
        }
        // A number every committed write changes, so caches of derived data (compiled policy sets) can tell
        // in one read whether anything changed, whichever process wrote. `GroupCommitter` bumps it.
        migrator.registerMigration("v6-write-generation") { db in
            try db.execute(sql: """
                CREATE TABLE writeGeneration (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                INSERT INTO writeGeneration (id, value) VALUES (1, 0);
                """)
        }
        registerIdentity(&migrator)
        registerConsole(&migrator)
        registerAudit(&migrator)
        registerSAML(&migrator)
        registerSCIM(&migrator)
        registerStandingChange(&migrator)
        registerFolderListing(&migrator)
        return migrator
    }
}
