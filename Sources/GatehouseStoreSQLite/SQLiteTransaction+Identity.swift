import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func passwordHash(userID: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT passwordHash FROM credential WHERE userID = ?"), arguments: [userID])
    }

    func setPasswordHash(_ hash: String?, userID: String, at time: Date) throws {
        guard let hash else { return try db.cachedStatement(sql: "DELETE FROM credential WHERE userID = ?").execute(arguments: [userID]) }
        try db.cachedStatement(sql: """
                INSERT INTO credential (userID, passwordHash, updatedAt) VALUES (?, ?, ?)
                ON CONFLICT(userID) DO UPDATE SET passwordHash = excluded.passwordHash, updatedAt = excluded.updatedAt
                """).execute(arguments: [userID, hash, time])
    }

    func profile(userID: String) throws -> Profile? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM profile WHERE userID = ?"), arguments: [userID]) else { return nil }
        return Profile(
            userID: row["userID"], firstName: row["firstName"], lastName: row["lastName"], productUpdates: row["productUpdates"],
            securityNotices: row["securityNotices"], emailConfirmedAt: row["emailConfirmedAt"])
    }

    func save(_ profile: Profile) throws {
        try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO profile (userID, firstName, lastName, productUpdates, securityNotices, emailConfirmedAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """).execute(arguments: [profile.userID, profile.firstName, profile.lastName, profile.productUpdates, profile.securityNotices,
                        profile.emailConfirmedAt])
    }

    private static func session(_ row: Row) -> StoredSession {
        StoredSession(
            idHash: row["idHash"], userID: row["userID"], accountID: row["accountID"], createdAt: row["createdAt"], lastSeenAt: row["lastSeenAt"],
            expiresAt: row["expiresAt"], address: row["address"], userAgent: row["userAgent"], provedBy: row["provedBy"])
    }

    func session(idHash: String) throws -> StoredSession? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE idHash = ?"), arguments: [idHash]).map(Self.session)
    }

    func sessions(userID: String) throws -> [StoredSession] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM session WHERE userID = ? ORDER BY createdAt"), arguments: [userID]).map(Self.session)
    }

    func insert(_ session: StoredSession) throws {
        try db.cachedStatement(sql: """
                INSERT INTO session (idHash, userID, accountID, createdAt, lastSeenAt, expiresAt, address, userAgent, provedBy)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [session.idHash, session.userID, session.accountID, session.createdAt, session.lastSeenAt, session.expiresAt, session.address,
                        session.userAgent, session.provedBy])
    }

    func touchSession(idHash: String, at time: Date) throws {
        try db.cachedStatement(sql: "UPDATE session SET lastSeenAt = ? WHERE idHash = ?").execute(arguments: [time, idHash])
    }

    func deleteSession(idHash: String) throws { try db.cachedStatement(sql: "DELETE FROM session WHERE idHash = ?").execute(arguments: [idHash]) }
    func deleteSessions(userID: String) throws { try db.cachedStatement(sql: "DELETE FROM session WHERE userID = ?").execute(arguments: [userID]) }

    func token(hash: String) throws -> OneTimeToken? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM oneTimeToken WHERE tokenHash = ?"), arguments: [hash]) else { return nil }
        let kindText: String = row["kind"]
        guard let kind = OneTimeToken.Kind(rawValue: kindText) else {
            throw GatehouseError.corruptData("oneTimeToken.kind holds \(kindText)")
        }
        return OneTimeToken(
            tokenHash: row["tokenHash"], kind: kind, userID: row["userID"], accountID: row["accountID"], createdAt: row["createdAt"], expiresAt: row["expiresAt"],
            usedAt: row["usedAt"])
    }

    func insert(_ token: OneTimeToken) throws {
        try db.cachedStatement(sql: "INSERT INTO oneTimeToken (tokenHash, kind, userID, accountID, createdAt, expiresAt, usedAt) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(arguments: [token.tokenHash, token.kind.rawValue, token.userID, token.accountID, token.createdAt, token.expiresAt, token.usedAt])
    }

    func markUsed(tokenHash: String, at time: Date) throws {
        try db.cachedStatement(sql: "UPDATE oneTimeToken SET usedAt = ? WHERE tokenHash = ?").execute(arguments: [time, tokenHash])
    }

    func deleteTokens(userID: String, kind: OneTimeToken.Kind) throws {
        try db.cachedStatement(sql: "DELETE FROM oneTimeToken WHERE userID = ? AND kind = ? AND usedAt IS NULL").execute(arguments: [userID, kind.rawValue])
    }

    func signInFailures(emailKey: String, since time: Date) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM signInFailure WHERE emailKey = ? AND at >= ?"), arguments: [emailKey, time]) ?? 0
    }

    func signInFailures(address: String, since time: Date) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM signInFailure WHERE address = ? AND at >= ?"), arguments: [address, time]) ?? 0
    }

    func recordSignInFailure(emailKey: String, address: String, at time: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO signInFailure (emailKey, address, at) VALUES (?, ?, ?)").execute(arguments: [emailKey, address, time])
    }

    func lockedUntil(kind: String, subject: String, at time: Date) throws -> Date? {
        try Date.fetchOne(
            db, sql: "SELECT MAX(until) FROM lockout WHERE kind = ? AND subject = ? AND until > ?", arguments: [kind, subject, time])
    }

    func recordLockout(kind: String, subject: String, at time: Date, until: Date) throws {
        try db.cachedStatement(sql: "INSERT INTO lockout (kind, subject, at, until) VALUES (?, ?, ?, ?)").execute(arguments: [kind, subject, time, until])
    }

    func twoFactor(userID: String) throws -> TwoFactorSecret? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM twoFactor WHERE userID = ?"), arguments: [userID]) else { return nil }
        let secret: Data = row["secret"]
        return TwoFactorSecret(userID: row["userID"], secret: Array(secret), confirmedAt: row["confirmedAt"], lastUsedStep: row["lastUsedStep"])
    }

    func save(_ twoFactor: TwoFactorSecret) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO twoFactor (userID, secret, confirmedAt, lastUsedStep) VALUES (?, ?, ?, ?)").execute(arguments: [twoFactor.userID, Data(twoFactor.secret), twoFactor.confirmedAt, twoFactor.lastUsedStep])
    }

    func deleteTwoFactor(userID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM twoFactor WHERE userID = ?").execute(arguments: [userID])
        try db.cachedStatement(sql: "DELETE FROM recoveryCode WHERE userID = ?").execute(arguments: [userID])
    }

    func replaceRecoveryCodes(userID: String, hashes: [String]) throws {
        try db.cachedStatement(sql: "DELETE FROM recoveryCode WHERE userID = ?").execute(arguments: [userID])
        for hash in hashes {
            try db.cachedStatement(sql: "INSERT INTO recoveryCode (userID, codeHash) VALUES (?, ?)").execute(arguments: [userID, hash])
        }
    }

    func useRecoveryCode(userID: String, hash: String, at time: Date) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE recoveryCode SET usedAt = ? WHERE userID = ? AND codeHash = ? AND usedAt IS NULL").execute(arguments: [time, userID, hash])
        return db.changesCount == 1
    }

    func signInFacts(userIDs: [String]) throws -> [String: SignInFacts] {
        var facts: [String: SignInFacts] = [:]
        for chunk in stride(from: 0, to: userIDs.count, by: 500).map({ Array(userIDs[$0..<min($0 + 500, userIDs.count)]) }) {
            let marks = databaseQuestionMarks(count: chunk.count)
            let arguments = StatementArguments(chunk)
            for id in try String.fetchAll(db, sql: "SELECT userID FROM credential WHERE userID IN (\(marks))", arguments: arguments) {
                facts[id, default: SignInFacts()].hasPassword = true
            }
            for id in try String.fetchAll(db, sql: "SELECT userID FROM samlLogin WHERE userID IN (\(marks))", arguments: arguments) {
                facts[id, default: SignInFacts()].hasSAML = true
            }
            let sql = "SELECT userID, productUpdates, securityNotices FROM profile WHERE userID IN (\(marks))"
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                facts[row["userID"], default: SignInFacts()].productUpdates = row["productUpdates"]
                facts[row["userID"], default: SignInFacts()].securityNotices = row["securityNotices"]
            }
        }
        return facts
    }

    func recoveryCodesLeft(userID: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM recoveryCode WHERE userID = ? AND usedAt IS NULL"), arguments: [userID]) ?? 0
    }
}
