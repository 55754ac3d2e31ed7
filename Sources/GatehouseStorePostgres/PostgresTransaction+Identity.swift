import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    // MARK: Passwords and profiles

    func passwordHash(userID: String) throws -> String? {
        try row("SELECT passwordHash FROM credential WHERE userID = \(userID)").map { try $0.value("passwordHash") }
    }

    func setPasswordHash(_ hash: String?, userID: String, at time: Date) throws {
        guard let hash else {
            try execute("DELETE FROM credential WHERE userID = \(userID)")
            return
        }
        try execute("""
            INSERT INTO credential (userID, passwordHash, updatedAt) VALUES (\(userID), \(hash), \(time))
            ON CONFLICT (userID) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt
            """)
    }

    func profile(userID: String) throws -> Profile? {
        try row("SELECT * FROM profile WHERE userID = \(userID)").map { row in
            Profile(
                userID: try row.value("userID"), firstName: try row.value("firstName"), lastName: try row.value("lastName"),
                productUpdates: try row.value("productUpdates"), securityNotices: try row.value("securityNotices"),
                emailConfirmedAt: try row.value("emailConfirmedAt"))
        }
    }

    func save(_ profile: Profile) throws {
        try execute("""
            INSERT INTO profile (userID, firstName, lastName, productUpdates, securityNotices, emailConfirmedAt)
            VALUES (\(profile.userID), \(profile.firstName), \(profile.lastName), \(profile.productUpdates),
                    \(profile.securityNotices), \(profile.emailConfirmedAt))
            ON CONFLICT (userID) DO UPDATE SET firstName = excluded.firstName, lastName = excluded.lastName,
                productUpdates = excluded.productUpdates, securityNotices = excluded.securityNotices,
                emailConfirmedAt = excluded.emailConfirmedAt
            """)
    }

    // MARK: Sessions

    func session(idHash: String) throws -> StoredSession? {
        try row("SELECT * FROM session WHERE idHash = \(idHash)").map(Self.session)
    }

    func sessions(userID: String) throws -> [StoredSession] {
        try rows("SELECT * FROM session WHERE userID = \(userID) ORDER BY createdAt, seq").map(Self.session)
    }

    func insert(_ session: StoredSession) throws {
        try execute("""
            INSERT INTO session (idHash, userID, accountID, createdAt, lastSeenAt, expiresAt, address, userAgent, provedBy)
            VALUES (\(session.idHash), \(session.userID), \(session.accountID), \(session.createdAt), \(session.lastSeenAt),
                    \(session.expiresAt), \(session.address), \(session.userAgent), \(session.provedBy))
            """)
    }

    func touchSession(idHash: String, at time: Date) throws {
        try execute("UPDATE session SET lastSeenAt = \(time) WHERE idHash = \(idHash)")
    }

    func deleteSession(idHash: String) throws { try execute("DELETE FROM session WHERE idHash = \(idHash)") }

    func deleteSessions(userID: String) throws { try execute("DELETE FROM session WHERE userID = \(userID)") }

    private static func session(_ row: Row) throws -> StoredSession {
        StoredSession(
            idHash: try row.value("idHash"), userID: try row.value("userID"), accountID: try row.value("accountID"),
            createdAt: try row.value("createdAt"), lastSeenAt: try row.value("lastSeenAt"), expiresAt: try row.value("expiresAt"),
            address: try row.value("address"), userAgent: try row.value("userAgent"), provedBy: try row.value("provedBy"))
    }

    // MARK: One-time links

    func token(hash: String) throws -> OneTimeToken? {
        try row("SELECT * FROM oneTimeToken WHERE tokenHash = \(hash)").map { row in
            OneTimeToken(
                tokenHash: try row.value("tokenHash"), kind: try row.value("kind", table: "oneTimeToken"), userID: try row.value("userID"),
                accountID: try row.value("accountID"), createdAt: try row.value("createdAt"), expiresAt: try row.value("expiresAt"),
                usedAt: try row.value("usedAt"))
        }
    }

    func insert(_ token: OneTimeToken) throws {
        try execute("""
            INSERT INTO oneTimeToken (tokenHash, kind, userID, accountID, createdAt, expiresAt, usedAt)
            VALUES (\(token.tokenHash), \(token.kind.rawValue), \(token.userID), \(token.accountID), \(token.createdAt),
                    \(token.expiresAt), \(token.usedAt))
            """)
    }

    func markUsed(tokenHash: String, at time: Date) throws {
        try execute("UPDATE oneTimeToken SET usedAt = \(time) WHERE tokenHash = \(tokenHash)")
    }

    func deleteTokens(userID: String, kind: OneTimeToken.Kind) throws {
        try execute("DELETE FROM oneTimeToken WHERE userID = \(userID) AND kind = \(kind.rawValue) AND usedAt IS NULL")
    }

    // MARK: Sign-in throttling

    func signInFailures(emailKey: String, since time: Date) throws -> Int {
        try row("SELECT COUNT(*) AS n FROM signInFailure WHERE emailKey = \(emailKey) AND at >= \(time)").map { try $0.value("n") } ?? 0
    }

    func signInFailures(address: String, since time: Date) throws -> Int {
        try row("SELECT COUNT(*) AS n FROM signInFailure WHERE address = \(address) AND at >= \(time)").map { try $0.value("n") } ?? 0
    }

    func recordSignInFailure(emailKey: String, address: String, at time: Date) throws {
        try execute("INSERT INTO signInFailure (emailKey, address, at) VALUES (\(emailKey), \(address), \(time))")
    }

    func lockedUntil(kind: String, subject: String, at time: Date) throws -> Date? {
        try row("SELECT MAX(until) AS until FROM lockout WHERE kind = \(kind) AND subject = \(subject) AND until > \(time)")
            .flatMap { try $0.value("until", as: Date?.self) }
    }

    func recordLockout(kind: String, subject: String, at time: Date, until: Date) throws {
        try execute("INSERT INTO lockout (kind, subject, at, until) VALUES (\(kind), \(subject), \(time), \(until))")
    }

    // MARK: Two-factor authentication

    func twoFactor(userID: String) throws -> TwoFactorSecret? {
        try row("SELECT * FROM twoFactor WHERE userID = \(userID)").map { row in
            TwoFactorSecret(
                userID: try row.value("userID"), secret: try row.bytes("secret"),
                confirmedAt: try row.value("confirmedAt"), lastUsedStep: try row.value("lastUsedStep"))
        }
    }

    func save(_ twoFactor: TwoFactorSecret) throws {
        try execute("""
            INSERT INTO twoFactor (userID, secret, confirmedAt, lastUsedStep)
            VALUES (\(twoFactor.userID), \(twoFactor.secret.bytes), \(twoFactor.confirmedAt), \(twoFactor.lastUsedStep))
            ON CONFLICT (userID) DO UPDATE SET secret = excluded.secret, confirmedAt = excluded.confirmedAt,
                lastUsedStep = excluded.lastUsedStep
            """)
    }

    func deleteTwoFactor(userID: String) throws {
        // The codes go with the secret they back up, in one statement.
        try execute("""
            WITH codes AS (DELETE FROM recoveryCode WHERE userID = \(userID))
            DELETE FROM twoFactor WHERE userID = \(userID)
            """)
    }

    func replaceRecoveryCodes(userID: String, hashes: [String]) throws {
        // Two statements: a new code equal to an old one would clash with the old row if both were one
        // statement (its sub-statements see the same snapshot).
        try execute("DELETE FROM recoveryCode WHERE userID = \(userID)")
        if hashes.isEmpty { return }
        try execute("INSERT INTO recoveryCode (userID, codeHash) SELECT \(userID), unnest(\(hashes)::text[])")
    }

    func useRecoveryCode(userID: String, hash: String, at time: Date) throws -> Bool {
        try execute("UPDATE recoveryCode SET usedAt = \(time) WHERE userID = \(userID) AND codeHash = \(hash) AND usedAt IS NULL") == 1
    }

    func recoveryCodesLeft(userID: String) throws -> Int {
        try row("SELECT COUNT(*) AS n FROM recoveryCode WHERE userID = \(userID) AND usedAt IS NULL").map { try $0.value("n") } ?? 0
    }

    // MARK: Sign-in facts

    func signInFacts(userIDs: [String]) throws -> [String: SignInFacts] {
        if userIDs.isEmpty { return [:] }
        // One statement whatever the number of users: a row per fact found (a password, a SAML login, a profile).
        let found = try rows("""
            SELECT userID, 'password' AS fact, NULL::boolean AS productUpdates, NULL::boolean AS securityNotices
                FROM credential WHERE userID = ANY(\(userIDs)::text[])
            UNION ALL
            SELECT userID, 'saml', NULL, NULL FROM samlLogin WHERE userID = ANY(\(userIDs)::text[])
            UNION ALL
            SELECT userID, 'profile', productUpdates, securityNotices FROM profile WHERE userID = ANY(\(userIDs)::text[])
            """)
        var facts: [String: SignInFacts] = [:]
        for row in found {
            let id: String = try row.value("userID")
            switch try row.value("fact", as: String.self) {
            case "password": facts[id, default: SignInFacts()].hasPassword = true
            case "saml": facts[id, default: SignInFacts()].hasSAML = true
            default:
                facts[id, default: SignInFacts()].productUpdates = try row.value("productUpdates")
                facts[id, default: SignInFacts()].securityNotices = try row.value("securityNotices")
            }
        }
        return facts
    }
}
