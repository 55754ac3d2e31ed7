import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Deleting a product environment takes what is scoped to it alone with it.
@Suite struct EnvironmentDeletionTests {
    @Test func deletingAnEnvironmentRemovesItsCustomPoliciesOnly() async throws {
        let f = try await Fixture()
        let (doomed, _) = try await f.service.createEnvironment(NewEnvironment(name: "Doomed"), accountID: f.accountID)
        let (kept, _) = try await f.service.createEnvironment(NewEnvironment(name: "Kept"), accountID: f.accountID)
        let account = f.accountID
        let now = Date()
        func policy(_ id: String, _ scope: ScopeType, _ scopeID: String?) -> CustomPolicy {
            CustomPolicy(
                id: id, accountID: account, name: id, description: nil,
                statement: #"permit(principal == Cloudinary::User::"\#(id)", action, resource);"#, scopeType: scope,
                scopeID: scopeID, enabled: true, createdAt: now, updatedAt: now)
        }
        let policies = [
            policy("in-doomed", .prodenv, doomed.id), policy("in-kept", .prodenv, kept.id),
            policy("in-all", .prodenv, allProductEnvironments), policy("account", .account, nil),
        ]
        try await f.store.write { db in for p in policies { try db.insert(p) } }

        try await f.service.deleteEnvironment(id: doomed.id, accountID: account)

        let left = try await f.store.read { db in try db.customPolicies(accountID: account) }
        #expect(Set(left.map(\.id)) == ["in-kept", "in-all", "account"])
    }
}
