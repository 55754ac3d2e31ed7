import Foundation

extension AccountService {
    /// The account's provisioning keys, oldest first (secrets are never kept, so none is shown); SCIM tokens
    /// are listed on their own (`scimTokens`).
    public func provisioningKeys(accountID: String) async throws -> [ProvisioningKey] {
        try await store.read { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            return try db.provisioningKeys(accountID: accountID).filter { $0.purpose == .api }.sorted { ($0.createdAt, $0.key) < ($1.createdAt, $1.key) }
        }
    }

    /// Revokes a provisioning key: the key and its role assignments go in one transaction, so it stops
    /// authenticating at once and leaves no holding behind. The guard lets only a caller covering all the
    /// key holds revoke it. A key never revokes itself: a caller would lose the very credentials it is using.
    /// The account never ends without a Master Admin this way: the owner (root user) always holds it.
    public func revokeProvisioningKey(_ key: String, accountID: String) async throws {
        if store.caller == .principal(Principal(type: .provisioningKey, id: key)) {
            throw GatehouseError.notAllowed("A provisioning key cannot revoke itself; revoke it with another key or in the Console")
        }
        try await store.write(accountID: accountID) { db in
            guard try db.provisioningKeys(accountID: accountID).contains(where: { $0.key == key }) else {
                throw GatehouseError.notFound(kind: .provisioningKey, id: key)
            }
            try db.deleteAssignments(of: Principal(type: .provisioningKey, id: key), accountID: accountID)
            try db.deleteProvisioningKey(key: key, accountID: accountID)
        }
    }
}
