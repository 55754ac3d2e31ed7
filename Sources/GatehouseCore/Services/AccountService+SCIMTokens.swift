import Foundation

/// A SCIM token as created: the key it stands for and the bearer text, shown once (only a hash is kept).
public struct SCIMTokenCreated: Sendable, Hashable {
    public var key: ProvisioningKey
    public var token: String
}

extension AccountService {
    /// The role a new SCIM token holds: user and group provisioning, and no more.
    public static let scimTokenRoleID = "gatehouse::role::account::user_provisioning"

    /// Creates a SCIM token named `name` (unique among the account's tokens) holding the User Provisioning
    /// role. The guard lets only a caller that itself holds that role create one.
    public func createSCIMToken(name rawName: String, accountID: String) async throws -> SCIMTokenCreated {
        let name = try FieldRules.name(rawName)
        let key = ids.apiKey()
        let secret = ids.secret()
        let salt = ids.salt()
        let timestamp = now()
        let created = ProvisioningKey(
            key: key, accountID: accountID, name: name, secretSalt: salt, secretHash: SecretHasher.hash(secret: secret, salt: salt),
            purpose: .scim, createdAt: timestamp)
        try await store.write(accountID: accountID) { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            if try db.provisioningKeys(accountID: accountID).contains(where: { $0.purpose == .scim && $0.name == name }) {
                throw GatehouseError.conflict("A SCIM token named \(name) already exists")
            }
            try db.insert(created)
            try db.insert(RoleAssignment(
                accountID: accountID, roleID: Self.scimTokenRoleID, principal: Principal(type: .provisioningKey, id: key), scopeID: nil,
                instance: nil, source: .explicit, createdAt: timestamp, updatedAt: timestamp))
        }
        return SCIMTokenCreated(key: created, token: "\(key).\(secret)")
    }

    /// The account's SCIM tokens, oldest first.
    public func scimTokens(accountID: String) async throws -> [ProvisioningKey] {
        try await store.read { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            return try db.provisioningKeys(accountID: accountID).filter { $0.purpose == .scim }
                .sorted { ($0.createdAt, $0.key) < ($1.createdAt, $1.key) }
        }
    }

    /// Revokes the SCIM token named `name`, as a provisioning key is revoked (with its roles, at once).
    public func revokeSCIMToken(named name: String, accountID: String) async throws {
        guard let token = try await scimTokens(accountID: accountID).first(where: { $0.name == name }) else {
            throw GatehouseError.notFound(kind: .scimToken, id: name)
        }
        try await revokeProvisioningKey(token.key, accountID: accountID)
    }

    /// The SCIM token a bearer text stands for; `unauthenticated` for anything else (an API key's secret too).
    public func authenticate(scimToken text: String) throws -> ProvisioningKey {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 64 else { throw GatehouseError.unauthenticated }
        let found = try store.readNow { db in try db.provisioningKey(key: String(parts[0])) }
        guard let found, found.enabled, found.purpose == .scim,
              SecretHasher.verify(secret: String(parts[1]), salt: found.secretSalt, expected: found.secretHash)
        else { throw GatehouseError.unauthenticated }
        return found
    }
}
