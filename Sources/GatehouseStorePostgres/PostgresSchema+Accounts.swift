extension PostgresSchema {
    /// Accounts, their provisioning keys (SCIM tokens among them: `purpose`), and the write generation.
    /// Dates are `TIMESTAMPTZ(3)`: milliseconds, as the SQLite store keeps them. `seq` keeps insertion
    /// order where SQLite's listings follow the rowid.
    static let accounts: [PostgresMigrations.Migration] = [
        .init(name: "v1-accounts", statements: [
            """
            CREATE TABLE account (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                planUserLimit INTEGER NOT NULL,
                additionalUserSubscriptions INTEGER NOT NULL,
                seatsUsed INTEGER NOT NULL DEFAULT 0,
                requireTwoFactor BOOLEAN NOT NULL DEFAULT false,
                createdAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            """
            CREATE TABLE provisioningKey (
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                key TEXT PRIMARY KEY,
                accountID TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT,
                secretSalt BYTEA NOT NULL,
                secretHash BYTEA NOT NULL,
                enabled BOOLEAN NOT NULL,
                purpose TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX provisioningKey_on_account ON provisioningKey (accountID)",
            // Every committed write adds one (`PostgresTransaction.transaction`): every server's caches of
            // derived data compare it, so a change committed through one server is seen by the next request
            // to any other.
            "CREATE TABLE writeGeneration (id INTEGER PRIMARY KEY CHECK (id = 1), value BIGINT NOT NULL)",
            "INSERT INTO writeGeneration (id, value) VALUES (1, 0)",
        ])
    ]
}
