import Foundation
import GatehouseCore
import Testing

@Suite struct EnvironmentAccessRuleTests {
    @Test func masterAdminAlwaysReachesAllEnvironments() {
        let access = EnvironmentAccessRule.access(role: .masterAdmin, requested: ["e1"])
        #expect(access.all)
        #expect(access.ids.isEmpty)
    }

    @Test func noListMeansAllAndAListRestricts() {
        #expect(EnvironmentAccessRule.access(role: .admin, requested: nil).all)
        let restricted = EnvironmentAccessRule.access(role: .admin, requested: ["e1", "e2", "e1"])
        #expect(!restricted.all)
        #expect(restricted.ids == ["e1", "e2"])
    }

    @Test func reachesHonoursRoleAndList() {
        let now = Date()
        var user = User(
            id: "u", accountID: "a", name: "U", email: "u@example.com", role: .admin, status: .active,
            subAccountIDs: ["e1"], allSubAccounts: false, createdAt: now, updatedAt: now)
        #expect(EnvironmentAccessRule.reaches(user, environmentID: "e1"))
        #expect(!EnvironmentAccessRule.reaches(user, environmentID: "e2"))
        user.role = .masterAdmin
        #expect(EnvironmentAccessRule.reaches(user, environmentID: "e2"))
    }
}
