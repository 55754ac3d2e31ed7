import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func writeGeneration() throws -> Int64 {
        try row("SELECT value FROM writeGeneration WHERE id = 1").map { try $0.value("value") } ?? 0
    }

    func standingStamps(accountID: String, principal: Principal?) throws -> StandingStamps {
        let scopes = StandingStamps.scopes(accountID: accountID, principal: principal).map(\.key)
        // The write generation rides along under the scope '' (no scope key is empty).
        let rows = try rows("""
            SELECT scope, generation FROM standingChange WHERE scope = ANY(\(scopes))
            UNION ALL SELECT '', value FROM writeGeneration WHERE id = 1
            """)
        var generations: [String: Int64] = [:]
        for row in rows { generations[try row.value("scope")] = try row.value("generation") }
        let generation = generations.removeValue(forKey: "") ?? 0
        return StandingStamps(accountID: accountID, principal: principal, generations: generations, generation: generation)
    }

    /// Stamps each scope the write changed with the generation its commit will have (`transaction` adds one
    /// to the write generation after the body).
    func recordStandingChange(_ change: StandingChange) throws {
        let keys = change.keys
        guard !keys.isEmpty else { return }
        try execute("""
            INSERT INTO standingChange (scope, generation)
            SELECT scope, (SELECT value + 1 FROM writeGeneration WHERE id = 1) FROM unnest(\(keys)::TEXT[]) AS scope
            ON CONFLICT (scope) DO UPDATE SET generation = excluded.generation
            """)
    }

    // MARK: Accounts

    func accounts() throws -> [Account] {
        try rows("SELECT * FROM account ORDER BY createdAt, id").map(Self.account)
    }

    func account(id: String) throws -> Account? {
        try row("SELECT * FROM account WHERE id = \(id)").map(Self.account)
    }

    func insert(_ account: Account) throws {
        try execute("""
            INSERT INTO account (id, name, planUserLimit, additionalUserSubscriptions, requireTwoFactor, createdAt)
            VALUES (\(account.id), \(account.name), \(account.planUserLimit), \(account.additionalUserSubscriptions),
                    \(account.requireTwoFactor), \(account.createdAt))
            """)
    }

    func update(_ account: Account) throws {
        try execute("""
            UPDATE account SET name = \(account.name), planUserLimit = \(account.planUserLimit),
                additionalUserSubscriptions = \(account.additionalUserSubscriptions),
                requireTwoFactor = \(account.requireTwoFactor), createdAt = \(account.createdAt)
            WHERE id = \(account.id)
            """)
    }

    private static func account(_ row: Row) throws -> Account {
        Account(
            id: try row.value("id"), name: try row.value("name"), planUserLimit: try row.value("planUserLimit"),
            additionalUserSubscriptions: try row.value("additionalUserSubscriptions"), createdAt: try row.value("createdAt"),
            requireTwoFactor: try row.value("requireTwoFactor"))
    }

    // MARK: Provisioning keys

    func provisioningKey(key: String) throws -> ProvisioningKey? {
        try row("SELECT * FROM provisioningKey WHERE key = \(key)").map(Self.provisioningKey)
    }

    func provisioningKeys(accountID: String) throws -> [ProvisioningKey] {
        try rows("SELECT * FROM provisioningKey WHERE accountID = \(accountID) ORDER BY seq").map(Self.provisioningKey)
    }

    func insert(_ key: ProvisioningKey) throws {
        try execute("""
            INSERT INTO provisioningKey (key, accountID, name, secretSalt, secretHash, enabled, purpose, createdAt)
            VALUES (\(key.key), \(key.accountID), \(key.name), \(key.secretSalt.bytes), \(key.secretHash.bytes),
                    \(key.enabled), \(key.purpose.rawValue), \(key.createdAt))
            """)
    }

    func deleteProvisioningKey(key: String, accountID: String) throws {
        try execute("DELETE FROM provisioningKey WHERE key = \(key) AND accountID = \(accountID)")
    }

    private static func provisioningKey(_ row: Row) throws -> ProvisioningKey {
        ProvisioningKey(
            key: try row.value("key"), accountID: try row.value("accountID"), name: try row.value("name"),
            secretSalt: try row.bytes("secretSalt"), secretHash: try row.bytes("secretHash"),
            enabled: try row.value("enabled"), purpose: try row.value("purpose", table: "provisioningKey"),
            createdAt: try row.value("createdAt"))
    }
}

extension Array where Element == UInt8 {
    /// Bytes bound as `BYTEA` (a plain `[UInt8]` would be bound as an array of numbers).
    var bytes: ByteBuffer { ByteBuffer(bytes: self) }
}
