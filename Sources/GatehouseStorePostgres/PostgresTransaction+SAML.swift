import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func samlSettings(accountID: String) throws -> SAMLSettings? {
        guard let row = try row("SELECT * FROM samlSettings WHERE accountID = \(accountID)") else { return nil }
        var idp: SAMLIdentityProvider?
        if let json = try row.value("identityProviderJSON", as: String?.self) {
            do {
                idp = try JSONDecoder().decode(SAMLIdentityProvider.self, from: Data(json.utf8))
            } catch {
                throw GatehouseError.corruptData("samlSettings.identityProviderJSON of account \(accountID) does not parse: \(error)")
            }
        }
        return SAMLSettings(
            accountID: try row.value("accountID"), enabled: try row.value("enabled"), enforced: try row.value("enforced"),
            idpInitiated: try row.value("idpInitiated"), inviteNewUsers: try row.value("inviteNewUsers"), identityProvider: idp,
            updatedAt: try row.value("updatedAt"))
    }

    func save(_ settings: SAMLSettings) throws {
        // The same JSON the SQLite store keeps.
        let json = try settings.identityProvider.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try execute("""
            INSERT INTO samlSettings (accountID, enabled, enforced, idpInitiated, inviteNewUsers, identityProviderJSON, updatedAt)
            VALUES (\(settings.accountID), \(settings.enabled), \(settings.enforced), \(settings.idpInitiated),
                    \(settings.inviteNewUsers), \(json), \(settings.updatedAt))
            ON CONFLICT (accountID) DO UPDATE SET enabled = excluded.enabled, enforced = excluded.enforced,
                idpInitiated = excluded.idpInitiated, inviteNewUsers = excluded.inviteNewUsers,
                identityProviderJSON = excluded.identityProviderJSON, updatedAt = excluded.updatedAt
            """)
    }

    func samlRequest(id: String) throws -> SAMLPendingRequest? {
        try row("SELECT * FROM samlRequest WHERE id = \(id)").map { row in
            SAMLPendingRequest(
                id: try row.value("id"), accountID: try row.value("accountID"), relayStateHash: try row.value("relayStateHash"),
                returnTo: try row.value("returnTo"), createdAt: try row.value("createdAt"), expiresAt: try row.value("expiresAt"))
        }
    }

    func insert(_ request: SAMLPendingRequest) throws {
        try execute("DELETE FROM samlRequest WHERE expiresAt < \(request.createdAt)")
        try execute("""
            INSERT INTO samlRequest (id, accountID, relayStateHash, returnTo, createdAt, expiresAt)
            VALUES (\(request.id), \(request.accountID), \(request.relayStateHash), \(request.returnTo), \(request.createdAt),
                    \(request.expiresAt))
            """)
    }

    func deleteSAMLRequest(id: String) throws { try execute("DELETE FROM samlRequest WHERE id = \(id)") }

    func useSAMLAssertion(id: String, issuer: String, expiresAt: Date, at time: Date) throws -> Bool {
        // The insert is a statement of its own: an expired note of this very id must be gone before it looks
        // for a clash (sub-statements of one statement would still see the note).
        try execute("""
            WITH requests AS (DELETE FROM samlRequest WHERE expiresAt < \(time))
            DELETE FROM samlAssertion WHERE expiresAt < \(time)
            """)
        return try execute("""
            INSERT INTO samlAssertion (issuer, id, expiresAt) VALUES (\(issuer), \(id), \(expiresAt)) ON CONFLICT DO NOTHING
            """) == 1
    }

    func samlLogin(userID: String) throws -> SAMLLogin? {
        try row("SELECT * FROM samlLogin WHERE userID = \(userID)").map { row in
            SAMLLogin(userID: try row.value("userID"), issuer: try row.value("issuer"), nameID: try row.value("nameID"), lastAt: try row.value("lastAt"))
        }
    }

    func save(_ login: SAMLLogin) throws {
        try execute("""
            INSERT INTO samlLogin (userID, issuer, nameID, lastAt) VALUES (\(login.userID), \(login.issuer), \(login.nameID), \(login.lastAt))
            ON CONFLICT (userID) DO UPDATE SET issuer = excluded.issuer, nameID = excluded.nameID, lastAt = excluded.lastAt
            """)
    }
}
