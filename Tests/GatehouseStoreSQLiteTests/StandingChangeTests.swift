import Foundation
import GatehouseCore
import Synchronization
import Testing

/// Cached grants are dropped at the granularity of what a write touched (`StandingChange`): a change to
/// one principal is decided at once, and an unrelated write keeps everyone else's grants warm. Run on
/// both stores (`TestDatabase`).
struct StandingChangeTests {
    /// Counts the decision cache's lookups, by table.
    final class GrantLookups: OperationsRecorder {
        struct Counts: Equatable {
            var hits = 0
            var misses = 0
        }

        private let counts = Mutex<[DecisionCacheTable: Counts]>([:])
        func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool) {
            counts.withLock { if hit { $0[table, default: Counts()].hits += 1 } else { $0[table, default: Counts()].misses += 1 } }
        }
        func storeCommitted(writes: Int, duration: Duration) {}
        func storeConnectionWaited(_ pool: StorePoolKind, duration: Duration) {}

        /// The lookups of `table` since the last call, every table's reset.
        func take(_ table: DecisionCacheTable = .grants) -> Counts {
            counts.withLock { now in
                defer { now = [:] }
                return now[table] ?? Counts()
            }
        }
    }

    /// An account with two users, Ann and Bob, and a Master Admin key that acts through the guard.
    struct Team {
        let f: Fixture
        let env: String
        let ann: Principal
        let bob: Principal
        let lookups = GrantLookups()
        let decisions: DecisionService
        let key: Caller

        init() async throws {
            f = try await Fixture()
            env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0.id
            key = .principal(Principal(type: .provisioningKey, id: f.credentials.key))
            let provisioning = f.services.provisioning.acting(as: key)
            ann = Principal(type: .user, id: try await provisioning.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID).id)
            bob = Principal(type: .user, id: try await provisioning.createUser(NewUser(name: "Bob", email: "bob@example.com"), accountID: f.accountID).id)
            decisions = DecisionService(permissions: f.permissions, derived: DecisionCache(recorder: lookups))
        }

        /// Whether `user` may edit an asset in folder `shared`; each asks with another asset id unless told,
        /// so the answer is worked out from the grants rather than found whole (`DecisionCache.ResultKey`).
        func mayEdit(_ user: Principal, asset id: String = UUID().uuidString) async throws -> Bool {
            try await edit(user, asset: id).decision == .allow
        }

        func edit(_ user: Principal, asset id: String) async throws -> CheckResult {
            let asset = CheckRequest.Resource(type: "Asset", id: id, attributes: [
                "ancestor_ids": .array([.string("shared")]), "resource_type": .string("image"), "access_mode": .string("public"),
            ])
            return try await decisions.check(CheckRequest(principal: user, action: "update", resource: asset, scopeID: env), accountID: f.accountID)
        }

        func giveFolderManager(_ principal: Principal) async throws {
            try await f.services.permissions.acting(as: key).changeAssignments(
                [RoleGrantRequest(roleID: "cld::role::folder::manager", principal: principal, scopeID: env, parameters: ["folder_id": "shared"])],
                operation: .add, accountID: f.accountID)
        }

        /// Both users' grants compiled and cached, the lookups reset.
        func warm() async throws -> [Bool] {
            let answers = [try await mayEdit(ann), try await mayEdit(bob)]
            _ = lookups.take()
            return answers
        }
    }

    @Test func aRoleGivenToOneUserIsDecidedAtOnceWhileTheOtherUsersGrantsStayWarm() async throws {
        let team = try await Team()
        #expect(try await team.warm() == [false, false])
        try await team.giveFolderManager(team.bob)
        #expect(try await team.mayEdit(team.bob))
        #expect(try await !team.mayEdit(team.ann))
        #expect(team.lookups.take() == .init(hits: 1, misses: 1), "Bob's grants compiled again, Ann's kept")
    }

    @Test func aGroupsRoleReachesItsMembersAtOnce() async throws {
        let team = try await Team()
        let provisioning = team.f.services.provisioning.acting(as: team.key)
        let group = try await provisioning.createGroup(name: "Editors", accountID: team.f.accountID)
        _ = try await provisioning.addUser(team.ann.id, toGroup: group.id, accountID: team.f.accountID)
        #expect(try await team.warm() == [false, false])
        try await team.giveFolderManager(Principal(type: .group, id: group.id))
        #expect(try await team.mayEdit(team.ann))
        #expect(try await !team.mayEdit(team.bob))
        #expect(team.lookups.take() == .init(hits: 1, misses: 1), "the member's grants compiled again, the other user's kept")
    }

    @Test func aCustomPolicyDropsEveryGrantOfItsAccount() async throws {
        let team = try await Team()
        try await team.giveFolderManager(team.ann)
        try await team.giveFolderManager(team.bob)
        #expect(try await team.warm() == [true, true])
        let statement = "forbid(principal == Cloudinary::User::\"\(team.bob.id)\", action, resource);"
        _ = try await team.f.services.permissions.acting(as: team.key).createCustomPolicy(
            CustomPolicyInput(name: "Not Bob", description: nil, statement: statement, scopeType: .prodenv, scopeID: team.env, enabled: true),
            accountID: team.f.accountID)
        #expect(try await team.mayEdit(team.ann))
        #expect(try await !team.mayEdit(team.bob))
        #expect(team.lookups.take().hits == 0)
    }

    @Test func aWriteThatDoesNotSayWhatItChangedDropsEverything() async throws {
        let team = try await Team()
        #expect(try await team.warm() == [false, false])
        try await team.f.store.write { _ in }
        _ = try await team.warm()
        _ = try await team.mayEdit(team.ann)
        #expect(team.lookups.take() == .init(hits: 1, misses: 0))  // compiled again by `warm`, then kept
        try await team.f.store.write(changing: { _ in ((), StandingChange([.account("another-account")])) })
        _ = try await team.mayEdit(team.ann)
        _ = try await team.mayEdit(team.bob)
        #expect(team.lookups.take() == .init(hits: 2, misses: 0), "a change in another account keeps this one's grants")
    }

    @Test func aRepeatedQuestionIsAnsweredWholeUntilWhatItDependsOnChanges() async throws {
        let team = try await Team()
        _ = try await team.warm()
        for _ in 0..<2 {  // kept from the second asking on
            #expect(try await team.edit(team.ann, asset: "a1").decision == .deny)
            #expect(try await team.edit(team.bob, asset: "a1").decision == .deny)
            #expect(team.lookups.take(.result) == .init(hits: 0, misses: 0))  // worked out
        }
        #expect(try await team.edit(team.ann, asset: "a1").decision == .deny)
        #expect(try await team.edit(team.bob, asset: "a1").decision == .deny)
        #expect(team.lookups.take(.result) == .init(hits: 2, misses: 0))
        #expect(try await team.edit(team.ann, asset: "asked once").decision == .deny)
        #expect(try await team.edit(team.ann, asset: "asked once").decision == .deny)
        #expect(team.lookups.take(.result) == .init(hits: 0, misses: 0), "a question asked once is not kept")

        try await team.giveFolderManager(team.bob)
        #expect(try await team.edit(team.bob, asset: "a1").decision == .allow)
        #expect(try await team.edit(team.ann, asset: "a1").decision == .deny)
        #expect(team.lookups.take(.result) == .init(hits: 1, misses: 0), "Ann's answer kept, Bob's worked out again")

        // A new role that carries what Ann misses changes her answer's explanation, not her grants.
        let before = try await team.edit(team.ann, asset: "a1").missing.flatMap(\.roleIDs)
        let role = try await team.f.services.permissions.acting(as: team.key).createRole(
            NewRole(name: "Shared editors", scopeType: .prodenv, permissionType: .content,
                    systemPolicyIDs: ["cld::policy::content::folder::edit_assets"]),
            accountID: team.f.accountID)
        let after = try await team.edit(team.ann, asset: "a1").missing.flatMap(\.roleIDs)
        #expect(!before.contains(role.id) && after.contains(role.id))
    }

    /// A caller that has just read the store's write generation (authentication does) gets an answer known
    /// current at that generation without a stamp read: answered as of that read, even when a write has
    /// come in since; with the generation after the write, worked out again.
    @Test func anAnswerCurrentAtTheCallersGenerationNeedsNoRead() async throws {
        let team = try await Team()
        _ = try await team.warm()
        let question = CheckRequest(
            principal: team.bob, action: "update",
            resource: .init(type: "Asset", id: "a1", attributes: ["ancestor_ids": .array([.string("shared")])]), scopeID: team.env)
        func generation() async throws -> Int64 {
            try await team.f.store.read { try $0.standingStamps(accountID: team.f.accountID, principal: nil).generation }
        }
        func ask(at generation: Int64?) async throws -> CheckResult.Decision {
            try await team.decisions.check(question, accountID: team.f.accountID, generation: generation).decision
        }
        let before = try await generation()
        #expect(try await ask(at: nil) == .deny)
        #expect(try await ask(at: before) == .deny)  // kept from this second asking, current at `before`
        #expect(try await ask(at: before) == .deny)
        #expect(team.lookups.take(.result) == .init(hits: 1, misses: 0))

        try await team.giveFolderManager(team.bob)
        #expect(try await ask(at: before) == .deny, "as of the generation read before the write")
        let after = try await generation()
        #expect(try await ask(at: after) == .allow)
        #expect(try await ask(at: after) == .allow)

        try await team.giveFolderManager(team.ann)
        let later = try await generation()
        #expect(try await ask(at: later) == .allow)  // current again through the stamps: Ann's change is not Bob's
        #expect(try await ask(at: later) == .allow)
        #expect(team.lookups.take(.result) == .init(hits: 3, misses: 0))
    }

    /// Authentication keeps a key's row while the key's stamp holds: other writes keep it, revoking the key
    /// (or a write that says nothing) drops it, and the secret is checked every time.
    @Test func aKeysRowIsKeptUntilTheKeyChanges() async throws {
        let team = try await Team()
        let f = team.f
        let accounts = AccountService(
            store: f.services.store, links: f.services.identity.links, hasher: f.accounts.hasher,
            derived: DecisionCache(recorder: team.lookups))
        let created = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ops")
        func authenticate(_ secret: String? = nil) async throws -> AuthenticatedKey {
            try await accounts.authenticate(key: created.key, secret: secret ?? created.secret)
        }
        let first = try await authenticate()
        let stamp = try await f.store.read { db in
            try db.standingStamps(accountID: f.accountID, principal: Principal(type: .provisioningKey, id: created.key)).principal
        }
        #expect(first.key.key == created.key && first.stamp == stamp)
        #expect(team.lookups.take(.credential) == .init(hits: 0, misses: 1))
        _ = try await authenticate()
        await #expect(throws: GatehouseError.unauthenticated) { _ = try await authenticate("wrong") }
        #expect(team.lookups.take(.credential) == .init(hits: 2, misses: 0))

        try await team.giveFolderManager(team.ann)
        _ = try await authenticate()
        #expect(team.lookups.take(.credential) == .init(hits: 1, misses: 0), "a change to someone else keeps the key's row")

        try await f.store.write { _ in }
        _ = try await authenticate()
        #expect(team.lookups.take(.credential) == .init(hits: 0, misses: 1), "a write that says nothing drops it")

        try await f.accounts.revokeProvisioningKey(created.key, accountID: f.accountID)
        await #expect(throws: GatehouseError.unauthenticated) { _ = try await authenticate() }
        #expect(team.lookups.take(.credential) == .init(hits: 0, misses: 1))
    }

    @Test func eachScopeMovesOnlyTheStampsThatDependOnIt() async throws {
        let f = try await Fixture()
        let ann = Principal(type: .user, id: "ann"), bob = Principal(type: .user, id: "bob")
        /// The two stamps; the generation moves with every write, whatever it changed.
        func stamps(_ account: String = "acc1", _ principal: Principal? = ann) async throws -> StandingStamps {
            var read = try await f.store.read { try $0.standingStamps(accountID: account, principal: principal) }
            read.generation = 0
            return read
        }
        func generation() async throws -> Int64 { try await f.store.read { try $0.standingStamps(accountID: "acc1", principal: nil).generation } }
        func change(_ scopes: Set<StandingChange.Scope>) async throws {
            try await f.store.write(changing: { _ in ((), StandingChange(scopes)) })
        }
        let start = (ann: try await stamps(), bob: try await stamps("acc1", bob), other: try await stamps("acc2", nil))

        try await change([.principal(ann)])
        let afterAnn = try await stamps()
        #expect(afterAnn.principal > start.ann.principal && afterAnn.roles == start.ann.roles)
        #expect(try await stamps("acc1", bob) == start.bob)

        try await change([.roles(accountID: "acc1")])
        let afterRoles = try await stamps()
        #expect(afterRoles.principal == afterAnn.principal && afterRoles.roles > afterAnn.roles)

        try await change([.account("acc1")])
        let afterAccount = try await stamps()
        #expect(afterAccount.principal > afterRoles.principal && afterAccount.roles > afterRoles.roles)
        #expect(try await stamps("acc1", bob).principal == afterAccount.principal)
        #expect(try await stamps("acc2", nil) == start.other)

        try await f.store.writeMail { db in _ = try db.dueMail(at: Date(), limit: 1) }
        let generationBefore = try await generation()
        try await change([])
        #expect(try await stamps() == afterAccount)
        #expect(try await generation() == generationBefore + 1)

        try await change([.everything])
        let afterAll = try await stamps("acc2", bob)
        #expect(afterAll.principal > afterAccount.principal && afterAll.roles > afterAccount.roles)
    }
}
