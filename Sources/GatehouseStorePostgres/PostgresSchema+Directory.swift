extension PostgresSchema {
    /// Users and their environment access, groups and members, product environments, access keys, folders
    /// and collections: SQLite's v1, v3, v4, v5 and the Console's user index, in their final shape.
    ///
    /// Text columns are `COLLATE "C"`: SQLite compares and sorts byte-wise, and the prefix filters are
    /// byte ranges, whatever locale the database was created with. `seq` keeps insertion order where
    /// SQLite's orderings follow the rowid.
    static let directory: [PostgresMigrations.Migration] = [
        .init(name: "v1-directory", statements: [
            """
            CREATE TABLE environment (
                id TEXT COLLATE "C" PRIMARY KEY,
                accountID TEXT COLLATE "C" NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT COLLATE "C" NOT NULL,
                nameKey TEXT COLLATE "C" NOT NULL,
                cloudName TEXT COLLATE "C" NOT NULL UNIQUE,
                description TEXT COLLATE "C",
                enabled BOOLEAN NOT NULL,
                customAttributes TEXT NOT NULL,
                baseSubAccountID TEXT COLLATE "C",
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX environment_on_account ON environment (accountID)",
            """
            CREATE TABLE users (
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                id TEXT COLLATE "C" PRIMARY KEY,
                accountID TEXT COLLATE "C" NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT COLLATE "C" NOT NULL,
                nameKey TEXT COLLATE "C" NOT NULL,
                email TEXT COLLATE "C" NOT NULL,
                emailKey TEXT COLLATE "C" NOT NULL,
                role TEXT COLLATE "C" NOT NULL,
                status TEXT COLLATE "C" NOT NULL,
                enabled BOOLEAN NOT NULL,
                allSubAccounts BOOLEAN NOT NULL,
                root BOOLEAN NOT NULL,
                twoFactor BOOLEAN NOT NULL,
                passwordResetPending BOOLEAN NOT NULL,
                lastLogin TIMESTAMPTZ(3),
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX users_on_account_name ON users (accountID, nameKey)",
            // The default listing (newest first) reads one account's users in insertion order.
            "CREATE INDEX users_on_account_seq ON users (accountID, seq)",
            // The Console's status filter reads status and the reset flag together; with the id, counting the
            // holders of a role walks this index too.
            "CREATE INDEX users_on_account_status_reset ON users (accountID, status, passwordResetPending, id)",
            // The email rule, backed by the database: one live (not deleted) user per address.
            "CREATE UNIQUE INDEX users_live_email ON users (emailKey) WHERE status <> 'inactive'",
            "CREATE INDEX users_on_email ON users (emailKey)",
            """
            CREATE TABLE userEnvironment (
                userID TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                environmentID TEXT COLLATE "C" NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
                PRIMARY KEY (userID, environmentID)
            )
            """,
            "CREATE INDEX userEnvironment_on_environment ON userEnvironment (environmentID)",
            """
            CREATE TABLE userGroup (
                id TEXT COLLATE "C" PRIMARY KEY,
                accountID TEXT COLLATE "C" NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT COLLATE "C" NOT NULL,
                nameKey TEXT COLLATE "C" NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                UNIQUE (accountID, nameKey)
            )
            """,
            """
            CREATE TABLE groupMember (
                groupID TEXT COLLATE "C" NOT NULL REFERENCES userGroup(id) ON DELETE CASCADE,
                userID TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                addedAt TIMESTAMPTZ(3) NOT NULL,
                PRIMARY KEY (groupID, userID)
            )
            """,
            "CREATE INDEX groupMember_on_user ON groupMember (userID)",
            """
            CREATE TABLE accessKey (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                apiKey TEXT COLLATE "C" NOT NULL UNIQUE,
                subAccountID TEXT COLLATE "C" NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
                apiSecret TEXT COLLATE "C" NOT NULL,
                name TEXT COLLATE "C",
                enabled BOOLEAN NOT NULL,
                dedicatedForWebhooks BOOLEAN NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX accessKey_on_environment ON accessKey (subAccountID)",
            // Paths compare byte-wise (case-sensitive, as Cloudinary's); the unique key is the uniqueness rule.
            """
            CREATE TABLE folder (
                externalID TEXT COLLATE "C" PRIMARY KEY,
                environmentID TEXT COLLATE "C" NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
                name TEXT COLLATE "C" NOT NULL,
                path TEXT COLLATE "C" NOT NULL,
                parentID TEXT COLLATE "C",
                depth INTEGER NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                UNIQUE (environmentID, path)
            )
            """,
            "CREATE INDEX folder_on_parent ON folder (environmentID, parentID, name)",
            // Names are unique per environment case-insensitively (`nameKey`).
            """
            CREATE TABLE collection (
                externalID TEXT COLLATE "C" PRIMARY KEY,
                environmentID TEXT COLLATE "C" NOT NULL REFERENCES environment(id) ON DELETE CASCADE,
                name TEXT COLLATE "C" NOT NULL,
                nameKey TEXT COLLATE "C" NOT NULL,
                createdByType TEXT COLLATE "C",
                createdByID TEXT COLLATE "C",
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                UNIQUE (environmentID, nameKey)
            )
            """,
            // Seats are read on every user create: a counter kept by triggers makes that one row read, and no
            // code path can forget to maintain it.
            """
            CREATE FUNCTION users_seat_taken() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE account SET seatsUsed = seatsUsed + 1 WHERE id = NEW.accountID;
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION users_seat_freed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE account SET seatsUsed = seatsUsed - 1 WHERE id = OLD.accountID;
                RETURN NULL;
            END $$
            """,
            """
            CREATE FUNCTION users_seat_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE account SET seatsUsed = seatsUsed + (CASE WHEN NEW.status = 'inactive' THEN -1 ELSE 1 END)
                WHERE id = NEW.accountID;
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER users_seat_insert AFTER INSERT ON users
            FOR EACH ROW WHEN (NEW.status <> 'inactive') EXECUTE FUNCTION users_seat_taken()
            """,
            """
            CREATE TRIGGER users_seat_delete AFTER DELETE ON users
            FOR EACH ROW WHEN (OLD.status <> 'inactive') EXECUTE FUNCTION users_seat_freed()
            """,
            """
            CREATE TRIGGER users_seat_update AFTER UPDATE OF status ON users
            FOR EACH ROW WHEN ((OLD.status = 'inactive') <> (NEW.status = 'inactive')) EXECUTE FUNCTION users_seat_moved()
            """,
        ])
    ]
}
