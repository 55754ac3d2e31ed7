import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func samlSettings(accountID: String) throws -> SAMLSettings? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM samlSettings WHERE accountID = ?"), arguments: [accountID]) else { return nil }
        var idp: SAMLIdentityProvider?
        if let json: String = row["identityProviderJSON"] {
            do {
                idp = try JSONDecoder().decode(SAMLIdentityProvider.self, from: Data(json.utf8))
            } catch {
                throw GatehouseError.corruptData("samlSettings.identityProviderJSON of account \(accountID) does not parse: \(error)")
            }
        }
        return SAMLSettings(
            accountID: row["accountID"], enabled: row["enabled"], enforced: row["enforced"], idpInitiated: row["idpInitiated"],
            inviteNewUsers: row["inviteNewUsers"], identityProvider: idp, updatedAt: row["updatedAt"])
    }

    func save(_ settings: SAMLSettings) throws {
        let json = try settings.identityProvider.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO samlSettings (accountID, enabled, enforced, idpInitiated, inviteNewUsers, identityProviderJSON, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [settings.accountID, settings.enabled, settings.enforced, settings.idpInitiated, settings.inviteNewUsers, json,
                        settings.updatedAt])
    }

    func samlRequest(id: String) throws -> SAMLPendingRequest? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM samlRequest WHERE id = ?"), arguments: [id]).map { row in
            SAMLPendingRequest(
                id: row["id"], accountID: row["accountID"], relayStateHash: row["relayStateHash"], returnTo: row["returnTo"],
                createdAt: row["createdAt"], expiresAt: row["expiresAt"])
        }
    }

    func insert(_ request: SAMLPendingRequest) throws {
        try db.cachedStatement(sql: "DELETE FROM samlRequest WHERE expiresAt < ?").execute(arguments: [request.createdAt])
        try db.cachedStatement(sql: "INSERT INTO samlRequest (id, accountID, relayStateHash, returnTo, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [request.id, request.accountID, request.relayStateHash, request.returnTo, request.createdAt, request.expiresAt])
    }

    func deleteSAMLRequest(id: String) throws { try db.cachedStatement(sql: "DELETE FROM samlRequest WHERE id = ?").execute(arguments: [id]) }

    func useSAMLAssertion(id: String, issuer: String, expiresAt: Date, at time: Date) throws -> Bool {
        try db.cachedStatement(sql: "DELETE FROM samlAssertion WHERE expiresAt < ?").execute(arguments: [time])
        try db.cachedStatement(sql: "DELETE FROM samlRequest WHERE expiresAt < ?").execute(arguments: [time])
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO samlAssertion (issuer, id, expiresAt) VALUES (?, ?, ?)").execute(arguments: [issuer, id, expiresAt])
        return db.changesCount == 1
    }

    func samlLogin(userID: String) throws -> SAMLLogin? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM samlLogin WHERE userID = ?"), arguments: [userID]).map { row in
            SAMLLogin(userID: row["userID"], issuer: row["issuer"], nameID: row["nameID"], lastAt: row["lastAt"])
        }
    }

    func save(_ login: SAMLLogin) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO samlLogin (userID, issuer, nameID, lastAt) VALUES (?, ?, ?, ?)").execute(arguments: [login.userID, login.issuer, login.nameID, login.lastAt])
    }
}
