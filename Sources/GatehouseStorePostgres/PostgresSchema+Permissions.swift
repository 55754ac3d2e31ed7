extension PostgresSchema {
    /// Custom roles, their assignments and custom policies. An assignment's absent scope or instance is the
    /// empty string, not NULL, so that the unique key (one assignment per role, principal, scope and
    /// instance) sees it. Role names are unique per account regardless of case: `nameKey` is lowercased.
    static let permissions: [PostgresMigrations.Migration] = [
        .init(name: "v1-permissions", statements: [
            """
            CREATE TABLE role (
                id TEXT NOT NULL,
                accountID TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                nameKey TEXT NOT NULL,
                description TEXT,
                scopeType TEXT NOT NULL,
                permissionType TEXT NOT NULL,
                policyParameters TEXT[] NOT NULL,
                systemPolicyIDs TEXT[] NOT NULL,
                assignableTo TEXT[] NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                PRIMARY KEY (accountID, id),
                UNIQUE (accountID, nameKey)
            )
            """,
            """
            CREATE TABLE roleAssignment (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                accountID TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                roleID TEXT NOT NULL,
                principalType TEXT NOT NULL,
                principalID TEXT NOT NULL,
                scopeID TEXT NOT NULL,
                instanceKind TEXT NOT NULL,
                instanceID TEXT NOT NULL,
                source TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                UNIQUE (accountID, roleID, principalType, principalID, scopeID, instanceKind, instanceID)
            )
            """,
            "CREATE INDEX roleAssignment_on_principal ON roleAssignment (accountID, principalType, principalID)",
            "CREATE INDEX roleAssignment_on_role ON roleAssignment (accountID, roleID)",
            """
            CREATE TABLE customPolicy (
                id TEXT PRIMARY KEY,
                accountID TEXT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT,
                statement TEXT NOT NULL,
                scopeType TEXT NOT NULL,
                scopeID TEXT,
                enabled BOOLEAN NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX customPolicy_on_account ON customPolicy (accountID)",
        ])
    ]
}
