import Foundation
import GatehouseCore
import Testing

/// A stored custom role that names a system policy the catalog does not have is damaged data: reading its
/// policies or deciding for a holder fails loudly instead of going on with a policy less.
@Suite struct UnknownPolicyTests {
    @Test func aRoleNamingAnUnknownPolicyFailsLoudly() async throws {
        let f = try await Fixture()
        _ = try await f.permissions.createRole(
            NewRole(id: "readers", name: "Readers", scopeType: .account, permissionType: .global,
                    systemPolicyIDs: ["cld::policy::global::users_and_groups::view"]),
            accountID: f.accountID)
        let key = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "reader")
        let holder = Principal(type: .provisioningKey, id: key.key)
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: "readers", principal: holder, scopeID: nil, parameters: [:])], operation: .add, accountID: f.accountID)
        try await f.database.execute(
            sqlite: #"UPDATE role SET systemPolicyIDs = '["cld::policy::global::users_and_groups::view","cld::policy::gone"]' WHERE id = 'readers'"#,
            postgres: "UPDATE role SET systemPolicyIDs = ARRAY['cld::policy::global::users_and_groups::view', 'cld::policy::gone'] WHERE id = 'readers'")
        let role = try await f.permissions.role(id: "readers", accountID: f.accountID)
        #expect(throws: GatehouseError.self) { _ = try f.permissions.policies(of: role) }
        await #expect(throws: GatehouseError.self) {
            _ = try await f.decisions.check(
                CheckRequest(principal: holder, action: "read", resource: .init(type: "User", id: "any")), accountID: f.accountID)
        }
    }
}
