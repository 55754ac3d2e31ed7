import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Revoking an account (provisioning) key: the key and its holdings go together, only for a caller who
/// covers what the key holds, and never by the key itself.
@Suite struct ProvisioningKeyRevocationTests {
    static let adminRole = "cld::role::account::admin"

    private func key(_ f: Fixture, roles: [String]) async throws -> AccountCredentials {
        let created = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ops")
        let principal = Principal(type: .provisioningKey, id: created.key)
        try await f.permissions.changeAssignments(
            roles.map { RoleGrantRequest(roleID: $0, principal: principal, scopeID: nil, parameters: [:]) }, operation: .add,
            accountID: f.accountID)
        return created
    }

    @Test func revokingRemovesTheKeyAndItsAssignmentsAndItNoLongerAuthenticates() async throws {
        let f = try await Fixture()
        let created = try await key(f, roles: [Self.adminRole])
        _ = try await f.accounts.authenticate(key: created.key, secret: created.secret)

        try await f.accounts.revokeProvisioningKey(created.key, accountID: f.accountID)

        await #expect(throws: GatehouseError.unauthenticated) {
            _ = try await f.accounts.authenticate(key: created.key, secret: created.secret)
        }
        #expect(try await f.accounts.provisioningKeys(accountID: f.accountID).map(\.key) == [f.credentials.key])
        let left = try await f.store.read { db in
            try db.assignments(accountID: f.accountID, roleID: nil, principal: Principal(type: .provisioningKey, id: created.key))
        }
        #expect(left.isEmpty)
    }

    @Test func anUnknownKeyIsNotFoundAndNothingChanges() async throws {
        let f = try await Fixture()
        await #expect(throws: GatehouseError.notFound(kind: .provisioningKey, id: "999")) {
            try await f.accounts.revokeProvisioningKey("999", accountID: f.accountID)
        }
        #expect(try await f.accounts.provisioningKeys(accountID: f.accountID).count == 1)
    }

    @Test func aKeyCannotRevokeItself() async throws {
        let f = try await Fixture()
        let created = try await key(f, roles: [AssignmentRules.masterAdminAccountRoleID])
        let itself = f.services.accounts.acting(as: .principal(Principal(type: .provisioningKey, id: created.key)))
        await #expect(throws: GatehouseError.self) { try await itself.revokeProvisioningKey(created.key, accountID: f.accountID) }
        #expect(try await f.accounts.provisioningKeys(accountID: f.accountID).contains { $0.key == created.key })
    }

    /// A weaker caller cannot revoke a Master Admin key (it would take grants it does not hold); the
    /// bootstrap Master Admin key can revoke the Admin one.
    @Test func onlyACallerCoveringTheKeyRevokesIt() async throws {
        let f = try await Fixture()
        let master = try await key(f, roles: [AssignmentRules.masterAdminAccountRoleID])
        let admin = try await key(f, roles: [Self.adminRole])
        let asAdmin = f.services.accounts.acting(as: .principal(Principal(type: .provisioningKey, id: admin.key)))
        await #expect(throws: GatehouseError.self) { try await asAdmin.revokeProvisioningKey(master.key, accountID: f.accountID) }
        let held = try await f.store.read { db in
            try db.assignments(accountID: f.accountID, roleID: nil, principal: Principal(type: .provisioningKey, id: master.key))
        }
        #expect(held.count == 1)

        let asBootstrap = f.services.accounts.acting(as: .principal(Principal(type: .provisioningKey, id: f.credentials.key)))
        try await asBootstrap.revokeProvisioningKey(admin.key, accountID: f.accountID)
        #expect(try await f.accounts.provisioningKeys(accountID: f.accountID).map(\.key).sorted() == [f.credentials.key, master.key].sorted())
    }
}
