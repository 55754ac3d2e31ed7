extension PostgresSchema {
    /// People: the mail queue, passwords, profiles, sessions, one-time links, sign-in throttling, two-factor
    /// authentication; SAML sign-on (settings, pending AuthnRequests, used assertion ids, who signed in through
    /// an IdP) and the SCIM attributes kept beside users and groups. Secrets are kept only as hashes (the TOTP
    /// secret excepted: it must be read to check a code). Needs `account`, `users` and `userGroup`.
    static let identity: [PostgresMigrations.Migration] = [
        .init(name: "v1-identity", statements: [
            """
            CREATE TABLE mailQueue (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                textBody TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                attempts INTEGER NOT NULL,
                nextAttemptAt TIMESTAMPTZ(3) NOT NULL,
                sentAt TIMESTAMPTZ(3),
                lastError TEXT
            )
            """,
            // Only unsent mail is ever looked for by time: delivered rows stay out of the index.
            "CREATE INDEX mailQueue_due ON mailQueue (nextAttemptAt) WHERE sentAt IS NULL",
            """
            CREATE TABLE credential (
                userID TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                passwordHash TEXT NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            """
            CREATE TABLE profile (
                userID TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                firstName TEXT,
                lastName TEXT,
                productUpdates BOOLEAN NOT NULL,
                securityNotices BOOLEAN NOT NULL,
                emailConfirmedAt TIMESTAMPTZ(3)
            )
            """,
            """
            CREATE TABLE session (
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                idHash TEXT PRIMARY KEY,
                userID TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                accountID TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                lastSeenAt TIMESTAMPTZ(3) NOT NULL,
                expiresAt TIMESTAMPTZ(3) NOT NULL,
                address TEXT,
                userAgent TEXT,
                provedBy TEXT
            )
            """,
            "CREATE INDEX session_on_user ON session (userID)",
            """
            CREATE TABLE oneTimeToken (
                tokenHash TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                userID TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                accountID TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                expiresAt TIMESTAMPTZ(3) NOT NULL,
                usedAt TIMESTAMPTZ(3)
            )
            """,
            "CREATE INDEX oneTimeToken_on_user ON oneTimeToken (userID)",
            """
            CREATE TABLE signInFailure (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                emailKey TEXT NOT NULL,
                address TEXT NOT NULL,
                at TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX signInFailure_email ON signInFailure (emailKey, at)",
            "CREATE INDEX signInFailure_address ON signInFailure (address, at)",
            """
            CREATE TABLE lockout (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                at TIMESTAMPTZ(3) NOT NULL,
                until TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX lockout_subject ON lockout (kind, subject, until)",
            """
            CREATE TABLE twoFactor (
                userID TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                secret BYTEA NOT NULL,
                confirmedAt TIMESTAMPTZ(3),
                lastUsedStep BIGINT
            )
            """,
            // The primary key's index also serves lookups by user.
            """
            CREATE TABLE recoveryCode (
                userID TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                codeHash TEXT NOT NULL,
                usedAt TIMESTAMPTZ(3),
                PRIMARY KEY (userID, codeHash)
            )
            """,
            """
            CREATE TABLE samlSettings (
                accountID TEXT PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
                enabled BOOLEAN NOT NULL,
                enforced BOOLEAN NOT NULL,
                idpInitiated BOOLEAN NOT NULL,
                inviteNewUsers BOOLEAN NOT NULL,
                identityProviderJSON TEXT,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            """
            CREATE TABLE samlRequest (
                id TEXT PRIMARY KEY,
                accountID TEXT NOT NULL,
                relayStateHash TEXT NOT NULL,
                returnTo TEXT NOT NULL,
                createdAt TIMESTAMPTZ(3) NOT NULL,
                expiresAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX samlRequest_expiry ON samlRequest (expiresAt)",
            """
            CREATE TABLE samlAssertion (
                issuer TEXT NOT NULL,
                id TEXT NOT NULL,
                expiresAt TIMESTAMPTZ(3) NOT NULL,
                PRIMARY KEY (issuer, id)
            )
            """,
            "CREATE INDEX samlAssertion_expiry ON samlAssertion (expiresAt)",
            """
            CREATE TABLE samlLogin (
                userID TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                issuer TEXT NOT NULL,
                nameID TEXT NOT NULL,
                lastAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            // One SCIM userName per account, compared lowercased (`SCIMUserProfile.key`).
            """
            CREATE TABLE scimUser (
                userID TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                accountID TEXT NOT NULL,
                userNameKey TEXT NOT NULL,
                attributesJSON TEXT NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL,
                UNIQUE (accountID, userNameKey)
            )
            """,
            """
            CREATE TABLE scimGroup (
                groupID TEXT PRIMARY KEY REFERENCES userGroup(id) ON DELETE CASCADE,
                accountID TEXT NOT NULL,
                attributesJSON TEXT NOT NULL,
                updatedAt TIMESTAMPTZ(3) NOT NULL
            )
            """,
            "CREATE INDEX scimGroup_on_account ON scimGroup (accountID)",
        ])
    ]
}
