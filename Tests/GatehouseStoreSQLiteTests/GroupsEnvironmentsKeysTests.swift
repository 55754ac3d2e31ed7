import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

@Suite struct GroupsEnvironmentsKeysTests {
    @Test func groupNamesAreUniqueAndMembershipFollowsUserDeletion() async throws {
        let f = try await Fixture()
        let group = try await f.service.createGroup(name: "Designers", accountID: f.accountID)
        await #expect(throws: GatehouseError.self) { try await f.service.createGroup(name: "designers", accountID: f.accountID) }
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        let (_, members) = try await f.service.addUser(ann.id, toGroup: group.id, accountID: f.accountID)
        #expect(members.map(\.id) == [ann.id])
        #expect(try await f.service.groups(ofUser: ann.id, accountID: f.accountID).map(\.name) == ["Designers"])
        try await f.service.deleteUser(id: ann.id, accountID: f.accountID)
        #expect(try await f.service.group(id: group.id, accountID: f.accountID).1.isEmpty)
    }

    @Test func deletingAGroupRemovesItsMemberships() async throws {
        let f = try await Fixture()
        let group = try await f.service.createGroup(name: "G", accountID: f.accountID)
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        _ = try await f.service.addUser(ann.id, toGroup: group.id, accountID: f.accountID)
        try await f.service.deleteGroup(id: group.id, accountID: f.accountID)
        #expect(try await f.service.groups(ofUser: ann.id, accountID: f.accountID).isEmpty)
        await #expect(throws: GatehouseError.notFound(kind: .userGroup, id: group.id)) {
            try await f.service.group(id: group.id, accountID: f.accountID)
        }
    }

    @Test func environmentComesWithAKeyAndCloudNamesAreUnique() async throws {
        let f = try await Fixture()
        let (env, keys) = try await f.service.createEnvironment(NewEnvironment(name: "Prod", cloudName: "prod-1"), accountID: f.accountID)
        #expect(env.cloudName == "prod-1")
        #expect(keys.count == 1 && keys[0].enabled)
        await #expect(throws: GatehouseError.conflict("Cloud name prod-1 is already taken")) {
            try await f.service.createEnvironment(NewEnvironment(name: "Again", cloudName: "prod-1"), accountID: f.accountID)
        }
        await #expect(throws: GatehouseError.self) {
            try await f.service.createEnvironment(NewEnvironment(name: "Bad", cloudName: "Has Spaces"), accountID: f.accountID)
        }
    }

    @Test func deletingAnEnvironmentRemovesKeysAndUserAccess() async throws {
        let f = try await Fixture()
        let (env, keys) = try await f.service.createEnvironment(NewEnvironment(name: "Tmp"), accountID: f.accountID)
        let user = try await f.service.createUser(
            NewUser(name: "U", email: "u@example.com", role: .admin, subAccountIDs: [env.id]), accountID: f.accountID)
        try await f.service.deleteEnvironment(id: env.id, accountID: f.accountID)
        #expect(try await f.service.user(id: user.id, accountID: f.accountID).user.subAccountIDs.isEmpty)
        let leftover = try await f.store.read { db in try db.accessKey(apiKey: keys[0].apiKey, subAccountID: env.id) }
        #expect(leftover == nil)
    }

    @Test func webhookDedicationMovesBetweenKeys() async throws {
        let f = try await Fixture()
        let (env, keys) = try await f.service.createEnvironment(NewEnvironment(name: "Hooks"), accountID: f.accountID)
        let second = try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: "second", enabled: true)
        _ = try await f.service.updateAccessKey(
            keys[0].apiKey, subAccountID: env.id, accountID: f.accountID, changes: AccessKeyChanges(dedicatedForWebhooks: true))
        _ = try await f.service.updateAccessKey(
            second.apiKey, subAccountID: env.id, accountID: f.accountID, changes: AccessKeyChanges(dedicatedForWebhooks: true))
        let all = try await f.service.accessKeys(AccessKeyQuery(subAccountID: env.id), accountID: f.accountID)
        #expect(all.total == 2)
        #expect(all.keys.filter(\.dedicatedForWebhooks).map(\.apiKey) == [second.apiKey])
    }

    @Test func accessKeysDeleteByNameAndPaging() async throws {
        let f = try await Fixture()
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Keys"), accountID: f.accountID)
        for name in ["b", "a", "c"] {
            _ = try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: name, enabled: nil)
        }
        await #expect(throws: GatehouseError.self) {
            try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: "a", enabled: nil)
        }
        var q = AccessKeyQuery(subAccountID: env.id)
        q.sortBy = .name
        q.pageSize = 2
        q.page = 2
        let page = try await f.service.accessKeys(q, accountID: f.accountID)
        #expect(page.total == 4)
        #expect(page.keys.compactMap(\.name) == ["b", "c"])
        try await f.service.deleteAccessKey(named: "a", subAccountID: env.id, accountID: f.accountID)
        #expect(try await f.service.accessKeys(AccessKeyQuery(subAccountID: env.id), accountID: f.accountID).total == 3)
    }
}
