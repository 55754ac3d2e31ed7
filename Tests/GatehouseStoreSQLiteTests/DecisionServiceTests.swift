import Foundation
@testable import GatehouseCore
import GatehouseStoreSQLite
import Testing

@Suite struct DecisionServiceTests {
    /// An environment, a user with the Media Library User legacy role, and a group holding a folder Manager
    /// role on folder `creative`.
    func creativeTeam() async throws -> (Fixture, env: String, user: User, group: UserGroup) {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0.id
        let user = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com", role: .mediaLibraryUser), accountID: f.accountID)
        let group = try await f.service.createGroup(name: "Creative", accountID: f.accountID)
        _ = try await f.service.addUser(user.id, toGroup: group.id, accountID: f.accountID)
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: "cld::role::folder::manager", principal: Principal(type: .group, id: group.id), scopeID: env,
                              parameters: ["folder_id": "creative"])],
            operation: .add, accountID: f.accountID)
        return (f, env, user, group)
    }

    func asset(in folders: [String]) -> CheckRequest.Resource {
        .init(type: "Asset", id: "a1", attributes: [
            "ancestor_ids": .array(folders.map { .string($0) }), "resource_type": .string("image"), "access_mode": .string("public"),
        ])
    }

    @Test func groupFolderRoleAllowsInsideTheSubtreeWithItsPath() async throws {
        let (f, env, user, group) = try await creativeTeam()
        let result = try await f.decisions.check(
            CheckRequest(principal: Principal(type: .user, id: user.id), action: "update", resource: asset(in: ["creative", "2026"]), scopeID: env),
            accountID: f.accountID)
        #expect(result.decision == .allow)
        let path = try #require(result.determining.first?.path)
        #expect(path.map(\.kind) == [.principal, .group, .role, .systemPolicy])
        #expect(path[1].id == group.id)
        #expect(path[2].id == "cld::role::folder::manager" && path[2].instance == ContentInstance(kind: .folderID, id: "creative"))
        #expect(path[3].id == "cld::policy::content::folder::edit_assets")
    }

    @Test func denyOutsideTheSubtreeNamesWhatIsMissingAndWhatIfAllows() async throws {
        let (f, env, user, _) = try await creativeTeam()
        var request = CheckRequest(principal: Principal(type: .user, id: user.id), action: "update", resource: asset(in: ["marketing"]), scopeID: env)
        let denied = try await f.decisions.check(request, accountID: f.accountID)
        #expect(denied.decision == .deny)
        let missing = Set(denied.missing.map(\.policy.id))
        #expect(missing.contains("cld::policy::content::folder::edit_assets"))
        #expect(denied.missing.first { $0.policy.id == "cld::policy::content::folder::edit_assets" }?.roleIDs.contains("cld::role::folder::editor") == true)
        request.whatIf = [RoleGrantRequest(roleID: "cld::role::folder::editor", principal: request.principal, scopeID: env, parameters: ["folder_id": "marketing"])]
        let hypothetical = try await f.decisions.check(request, accountID: f.accountID)
        #expect(hypothetical.decision == .allow)
        #expect(hypothetical.determining.first?.path.contains { $0.hypothetical } == true)
        // what_if wrote nothing.
        #expect(try await f.decisions.check(CheckRequest(principal: request.principal, action: "update", resource: asset(in: ["marketing"]), scopeID: env), accountID: f.accountID).decision == .deny)
    }

    @Test func readYourWritesAndLeavingTheGroupEndsInheritedRoles() async throws {
        let (f, env, user, group) = try await creativeTeam()
        let request = CheckRequest(principal: Principal(type: .user, id: user.id), action: "delete", resource: asset(in: ["creative"]), scopeID: env)
        #expect(try await f.decisions.check(request, accountID: f.accountID).decision == .allow)
        _ = try await f.service.removeUser(user.id, fromGroup: group.id, accountID: f.accountID)
        #expect(try await f.decisions.check(request, accountID: f.accountID).decision == .deny)
    }

    /// The CLI's admin commands write to the same file from another process while the server runs: the
    /// server's cached grants must not outlive such a write either.
    @Test func writesThroughAnotherConnectionReachCachedChecks() async throws {
        let (f, env, user, group) = try await creativeTeam()
        let request = CheckRequest(principal: Principal(type: .user, id: user.id), action: "delete", resource: asset(in: ["creative"]), scopeID: env)
        #expect(try await f.decisions.check(request, accountID: f.accountID).decision == .allow)
        #expect(try await f.decisions.check(request, accountID: f.accountID).decision == .allow)
        let other = try f.reopen()
        let before = try await f.store.read { try $0.writeGeneration() }
        _ = try await GatehouseServices(store: other).provisioning.acting(as: .local).removeUser(user.id, fromGroup: group.id, accountID: f.accountID)
        #expect(try await f.store.read { try $0.writeGeneration() } > before)
        #expect(try await f.decisions.check(request, accountID: f.accountID).decision == .deny)
    }

    /// The mail worker's claims and deliveries change no one's standing: the write generation, and with it
    /// every cached grant, stays as it was; the write that queued the mail did change it.
    @Test func mailQueueWritesLeaveTheGenerationAlone() async throws {
        let f = try await Fixture()
        let before = try await f.store.read { try $0.writeGeneration() }
        _ = try await f.service.createUser(NewUser(name: "Mailed", email: "mailed@example.com"), accountID: f.accountID)
        let queued = try await f.store.read { try $0.writeGeneration() }
        #expect(queued > before)
        let due = try await f.store.writeMail { db in
            let due = try db.dueMail(at: Date(), limit: 10)
            for item in due { try db.rescheduleMail(id: item.id, at: Date().addingTimeInterval(60)) }
            return due
        }
        #expect(!due.isEmpty)
        for item in due { try await f.store.writeMail { db in try db.markMailSent(id: item.id, at: Date()) } }
        _ = try await f.store.writeMail { db in try db.dueMail(at: Date(), limit: 10) }  // an empty poll
        #expect(try await f.store.read { try $0.writeGeneration() } == queued)
        #expect(try await f.store.read { try $0.queuedMailCount() } == 0)
    }

    @Test func cachedValuesAreKeptOnlyForTheirStamp() throws {
        let cache = DecisionCache()
        var builds = 0
        func roles(_ stamp: Int64) throws {
            _ = try cache.carriers(accountID: "a", stamp: stamp) { builds += 1; return [:] }
        }
        try roles(1)
        try roles(1)
        #expect(builds == 1)
        try roles(2)
        #expect(builds == 2)
        try roles(1)  // an older snapshot builds for itself and leaves stamp 2's entry alone
        try roles(2)
        #expect(builds == 3)
    }

    @Test func aFullTableMakesRoomForOneEntryAtATime() throws {
        let cache = DecisionCache(limit: 2)
        let grants = DecisionCache.GrantsKey(accountID: "a", principal: Principal(type: .user, id: "u"), scopeID: nil)
        let keys = ["r1", "r2", "r3"].map { DecisionCache.DecisionKey(grants: grants, action: "read", resourceType: "Asset", resourceID: $0) }
        for key in keys { _ = try cache.decision(key, stamp: 1) { true } }
        #expect(cache.cachedDecision(keys[2], stamp: 1) == true, "the newest entry is kept")
        #expect(keys[..<2].filter { cache.cachedDecision($0, stamp: 1) != nil }.count == 1, "one older entry made room, the other is kept")
    }

    /// A collection's missing permissions name collection roles held on that collection; an asset's never
    /// do (an asset id is not a collection id).
    @Test func collectionDenialsSuggestCollectionRolesAndAssetDenialsDoNot() async throws {
        let (f, env, user, _) = try await creativeTeam()
        let principal = Principal(type: .user, id: user.id)
        let onCollection = try await f.decisions.check(
            CheckRequest(principal: principal, action: "update", resource: .init(type: "Collection", id: "c1"), scopeID: env),
            accountID: f.accountID)
        #expect(onCollection.decision == .deny)
        let edit = try #require(onCollection.missing.first { $0.policy.id == "cld::policy::content::collection::edit" })
        #expect(edit.instance == ContentInstance(kind: .collectionID, id: "c1"))
        #expect(edit.roleIDs.contains("cld::role::collection::editor"))
        let onAsset = try await f.decisions.check(
            CheckRequest(principal: principal, action: "delete", resource: asset(in: ["elsewhere"]), scopeID: env), accountID: f.accountID)
        #expect(onAsset.decision == .deny && !onAsset.missing.isEmpty)
        #expect(onAsset.missing.allSatisfy { $0.instance?.kind != .collectionID })
    }

    @Test func prodenvRolesGrantNothingWithoutEnvironmentAccess() async throws {
        let (f, env, user, _) = try await creativeTeam()
        let other = try await f.service.createEnvironment(NewEnvironment(name: "Other"), accountID: f.accountID).0
        _ = try await f.service.updateUser(id: user.id, accountID: f.accountID, changes: UserChanges(subAccountIDs: [other.id]))
        let result = try await f.decisions.check(
            CheckRequest(principal: Principal(type: .user, id: user.id), action: "read", resource: asset(in: ["creative"]), scopeID: env),
            accountID: f.accountID)
        #expect(result.decision == .deny)
        #expect(result.notes.contains { $0.contains("no access to product environment") })
    }

    @Test func apiKeysGetNoConsoleOnlyPermissionsAndNoAccountRoles() async throws {
        let f = try await Fixture()
        let (env, keys) = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0]
        let key = Principal(type: .apiKey, id: keys[0].apiKey)
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: "cld::role::prodenv::ml_user", principal: key, scopeID: env.id, parameters: [:])],
            operation: .add, accountID: f.accountID)
        let feature = CheckRequest(principal: key, action: "read", resource: .init(type: "Feature", id: "cld::global::ml::access"), scopeID: env.id)
        #expect(try await f.decisions.check(feature, accountID: f.accountID).decision == .deny)
        await #expect(throws: GatehouseError.self) {
            try await f.permissions.changeAssignments(
                [RoleGrantRequest(roleID: "cld::role::account::admin", principal: key, scopeID: nil, parameters: [:])],
                operation: .add, accountID: f.accountID)
        }
    }

    @Test func moveAssetsNeedsBothFoldersAndSaysWhichPartIsMissing() async throws {
        let (f, env, user, _) = try await creativeTeam()
        let principal = Principal(type: .user, id: user.id)
        let request = CompositeCheckRequest(
            operation: .moveAssets, principal: principal, scopeID: env,
            resources: [.asset: asset(in: ["creative"]), .assetAtDestination: asset(in: ["marketing"])])
        let denied = try await f.decisions.check(request, accountID: f.accountID)
        #expect(denied.decision == .deny)
        #expect(denied.missing.map(\.subject) == [.assetAtDestination])
        var both = request
        both.resources[.assetAtDestination] = asset(in: ["creative", "archive"])
        #expect(try await f.decisions.check(both, accountID: f.accountID).decision == .allow)
    }
}
