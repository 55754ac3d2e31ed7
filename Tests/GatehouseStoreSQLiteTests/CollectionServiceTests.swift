import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Collections over the real store, decided by the Cedar engine for environment API keys, and collection
/// roles given through the Admin API's invite operation.
@Suite struct CollectionServiceTests {
    struct Env {
        let f: Fixture
        let collections: CollectionService
        let env: ProductEnvironment

        var permissions: PermissionsService { f.permissions }

        /// A new API key of the environment holding these global roles.
        func key(_ roles: [String] = []) async throws -> EnvironmentCaller {
            let key = try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: nil, enabled: true)
            let principal = Principal(type: .apiKey, id: key.apiKey)
            if !roles.isEmpty {
                try await permissions.changeAssignments(
                    roles.map { RoleGrantRequest(roleID: $0, principal: principal, scopeID: env.id, parameters: [:]) },
                    operation: .add, accountID: f.accountID)
            }
            return EnvironmentCaller(accountID: f.accountID, environmentID: env.id, apiKey: key.apiKey)
        }

        func user(_ tag: String) async throws -> Principal {
            let user = try await f.service.createUser(NewUser(name: tag, email: "\(tag)-\(UUID().uuidString.prefix(6))@example.com"), accountID: f.accountID)
            return Principal(type: .user, id: user.id)
        }

        func holdings(of principal: Principal) async throws -> [RoleAssignment] {
            try await f.store.read { try $0.assignments(accountID: f.accountID, roleID: nil, principal: principal) }
                .filter { $0.instance?.kind == .collectionID }
        }

        func check(_ principal: Principal, _ action: String, on collection: AssetCollection) async throws -> CheckResult.Decision {
            try await f.decisions.check(
                CheckRequest(
                    principal: principal, action: action,
                    resource: .init(type: "Collection", id: collection.externalID, attributes: ["id": .string(collection.externalID)]),
                    scopeID: env.id),
                accountID: f.accountID
            ).decision
        }
    }

    static let master = "cld::role::prodenv::master_admin"
    static let viewer = "cld::role::collection::viewer"
    static let editor = "cld::role::collection::editor"
    static let manager = "cld::role::collection::manager"

    func setUp() async throws -> Env {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0
        return Env(f: f, collections: f.services.collections, env: env)
    }

    func isForbidden(_ action: String, _ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return false
        } catch GatehouseError.notAllowed(let message) {
            return message.contains("Request forbidden due to missing permissions (actions=[\"\(action)\"])")
        } catch {
            return false
        }
    }

    @Test func createListGetRenameDelete() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let spring = try await e.collections.create(name: "  Spring campaign ", caller: admin)
        #expect(spring.name == "Spring campaign" && spring.environmentID == e.env.id)
        #expect(spring.externalID.hasPrefix("c") && spring.externalID.count == 33)
        #expect(spring.createdBy == admin.principal)
        let autumn = try await e.collections.create(name: "autumn", caller: admin)
        #expect(try await e.collections.list(caller: admin).map(\.name) == ["autumn", "Spring campaign"])
        let got = try await e.collections.get(spring.externalID, caller: admin)
        #expect(got.externalID == spring.externalID && got.name == spring.name && got.createdBy == spring.createdBy)
        #expect(abs(got.createdAt.timeIntervalSince(spring.createdAt)) < 0.01)  // stored at millisecond precision

        let renamed = try await e.collections.rename(spring.externalID, to: "Summer", caller: admin)
        #expect(renamed.externalID == spring.externalID && renamed.name == "Summer")
        #expect(try await e.collections.get(spring.externalID, caller: admin).name == "Summer")
        #expect(try await e.collections.rename(spring.externalID, to: "Summer", caller: admin).name == "Summer")

        #expect(try await e.collections.delete(autumn.externalID, caller: admin).name == "autumn")
        #expect(try await e.collections.list(caller: admin).map(\.externalID) == [spring.externalID])
        await #expect(throws: GatehouseError.notFound(kind: .collection, id: autumn.externalID)) {
            try await e.collections.get(autumn.externalID, caller: admin)
        }
        await #expect(throws: GatehouseError.notFound(kind: .collection, id: "cnope")) {
            try await e.collections.delete("cnope", caller: admin)
        }
        // Stored durably, with the creator.
        let stored = try #require(try await e.f.reopen().read { try $0.collection(externalID: spring.externalID, environmentID: e.env.id) })
        #expect(stored.name == "Summer" && stored.createdBy == admin.principal)
    }

    @Test func namesAreCheckedAndUniquePerEnvironment() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let first = try await e.collections.create(name: "Brand", caller: admin)
        await #expect(throws: GatehouseError.conflict("Collection Brand already exists")) {
            try await e.collections.create(name: "brand", caller: admin)
        }
        let other = try await e.collections.create(name: "Other", caller: admin)
        await #expect(throws: GatehouseError.conflict("Collection Brand already exists")) {
            try await e.collections.rename(other.externalID, to: "BRAND", caller: admin)
        }
        // Renaming a collection to another case of its own name is no conflict.
        #expect(try await e.collections.rename(first.externalID, to: "BRAND", caller: admin).name == "BRAND")
        await #expect(throws: GatehouseError.invalidField(field: "name", reason: "must not be empty")) {
            try await e.collections.create(name: "   ", caller: admin)
        }
        await #expect(throws: GatehouseError.invalidField(field: "name", reason: "must be at most 255 characters")) {
            try await e.collections.create(name: String(repeating: "x", count: 256), caller: admin)
        }
        await #expect(throws: GatehouseError.invalidField(field: "name", reason: "must not contain control characters")) {
            try await e.collections.create(name: "a\u{7}b", caller: admin)
        }
        // Another environment may reuse the name; deleting that environment takes its collections along.
        let (second, _) = try await e.f.service.createEnvironment(NewEnvironment(name: "Second"), accountID: e.f.accountID)
        let key = try await e.f.service.generateAccessKey(subAccountID: second.id, accountID: e.f.accountID, name: nil, enabled: true)
        try await e.permissions.changeAssignments(
            [RoleGrantRequest(roleID: Self.master, principal: Principal(type: .apiKey, id: key.apiKey), scopeID: second.id, parameters: [:])],
            operation: .add, accountID: e.f.accountID)
        let secondCaller = EnvironmentCaller(accountID: e.f.accountID, environmentID: second.id, apiKey: key.apiKey)
        #expect(try await e.collections.create(name: "Brand", caller: secondCaller).environmentID == second.id)
        try await e.f.service.deleteEnvironment(id: second.id, accountID: e.f.accountID)
        #expect(try await e.f.store.read { try $0.collections(environmentID: second.id) }.isEmpty)
        #expect(try await e.collections.list(caller: admin).map(\.name) == ["BRAND", "Other"])
    }

    @Test func keyWithoutRolesSeesNothingAndMayDoNothing() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let brand = try await e.collections.create(name: "Brand", caller: admin)
        let nobody = try await e.key()
        #expect(try await e.collections.list(caller: nobody).isEmpty)
        #expect(await isForbidden("read") { _ = try await e.collections.get(brand.externalID, caller: nobody) })
        #expect(await isForbidden("create") { _ = try await e.collections.create(name: "Mine", caller: nobody) })
        #expect(await isForbidden("update") { _ = try await e.collections.rename(brand.externalID, to: "x", caller: nobody) })
        #expect(await isForbidden("delete") { _ = try await e.collections.delete(brand.externalID, caller: nobody) })
        // A global view-only role (Reports) grants nothing on collections either.
        let reports = try await e.key(["cld::role::prodenv::reports"])
        #expect(try await e.collections.list(caller: reports).isEmpty)
        // The Media Library Admin manages every collection.
        let mlAdmin = try await e.key(["cld::role::prodenv::ml_admin"])
        #expect(try await e.collections.list(caller: mlAdmin).map(\.externalID) == [brand.externalID])
        #expect(try await e.collections.create(name: "By ML admin", caller: mlAdmin).name == "By ML admin")
    }

    @Test func listingIsFilteredByCollectionRoles() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let brand = try await e.collections.create(name: "Brand", caller: admin)
        let secret = try await e.collections.create(name: "Secret", caller: admin)
        let ann = try await e.user("ann")
        let team = Principal(type: .group, id: try await e.f.service.createGroup(name: "Team", accountID: e.f.accountID).id)
        let bob = try await e.user("bob")
        _ = try await e.f.service.addUser(bob.id, toGroup: team.id, accountID: e.f.accountID)
        let give = { (p: Principal, role: String, c: AssetCollection) in
            try await e.collections.changeRoles(onCollection: c.externalID, ContentRoleChange(principal: p, operation: .add, roleIDs: [role]), caller: admin)
        }
        // New users hold Media Library User (no global collection permission), so only their collection roles count.
        try await give(ann, Self.viewer, brand)
        try await give(team, Self.viewer, secret)
        let visible = { (p: Principal) in
            try await e.collections.list(visibleTo: p, environmentID: e.env.id, accountID: e.f.accountID).map(\.name)
        }
        #expect(try await visible(ann) == ["Brand"])
        #expect(try await visible(team) == ["Secret"])
        #expect(try await visible(bob) == ["Secret"])  // through the group
        #expect(try await visible(admin.principal) == ["Brand", "Secret"])

        // A key cannot hold collection roles; a custom policy can still open one collection to it.
        let key = try await e.key()
        _ = try await e.permissions.createCustomPolicy(
            CustomPolicyInput(
                name: "Brand for one key", description: nil,
                statement: #"permit(principal == Cloudinary::APIKey::"\#(key.apiKey)", action == Cloudinary::Action::"read", resource is Cloudinary::Collection) when { resource.id == "\#(brand.externalID)" };"#,
                scopeType: .prodenv, scopeID: e.env.id, enabled: true),
            accountID: e.f.accountID)
        #expect(try await e.collections.list(caller: key).map(\.name) == ["Brand"])
        #expect(try await e.collections.get(brand.externalID, caller: key).name == "Brand")
        #expect(await isForbidden("read") { _ = try await e.collections.get(secret.externalID, caller: key) })
    }

    @Test func inviteGivesCollectionRolesThatChecksThenAllow() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let brand = try await e.collections.create(name: "Brand", caller: admin)
        let ann = try await e.user("ann")
        #expect(try await e.check(ann, "update", on: brand) == .deny)

        try await e.collections.changeRoles(
            onCollection: brand.externalID, ContentRoleChange(principal: ann, operation: .add, roleIDs: [Self.editor]), caller: admin)
        #expect(try await e.check(ann, "update", on: brand) == .allow)
        #expect(try await e.check(ann, "read", on: brand) == .allow)
        #expect(try await e.check(ann, "delete", on: brand) == .deny)
        let held = try await e.holdings(of: ann)
        #expect(held.map(\.roleID) == [Self.editor] && held[0].instance == ContentInstance(kind: .collectionID, id: brand.externalID))
        #expect(held[0].scopeID == e.env.id)

        let roles = try await e.collections.roles(onCollection: brand.externalID, caller: admin, includePermitted: true)
        #expect(roles.sharedWith.map { [$0.principal.id, $0.instanceID, $0.roles.map(\.id).joined(), String($0.inherited)] }
            == [[ann.id, brand.externalID, Self.editor, "false"]])
        #expect(roles.permittedRoles?.map(\.id) == [Self.viewer, Self.editor, Self.manager])
        #expect(try await e.collections.roles(onCollection: brand.externalID, caller: admin, includePermitted: false).permittedRoles == nil)

        try await e.collections.changeRoles(
            onCollection: brand.externalID, ContentRoleChange(principal: ann, operation: .remove, roleIDs: [Self.editor]), caller: admin)
        #expect(try await e.check(ann, "update", on: brand) == .deny)
        #expect(try await e.holdings(of: ann).isEmpty)
    }

    @Test func inviteRefusesWhatCollectionRolesCannotBe() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let brand = try await e.collections.create(name: "Brand", caller: admin)
        let ann = try await e.user("ann")
        let change = { (p: Principal, roles: [String], caller: EnvironmentCaller) in
            try await e.collections.changeRoles(onCollection: brand.externalID, ContentRoleChange(principal: p, operation: .add, roleIDs: roles), caller: caller)
        }
        await #expect(throws: GatehouseError.invalidField(field: "roles", reason: "cld::role::folder::viewer is not a collection role")) {
            try await change(ann, ["cld::role::folder::viewer"], admin)
        }
        await #expect(throws: GatehouseError.invalidField(field: "roles", reason: "\(Self.master) is not a collection role")) {
            try await change(ann, [Self.master], admin)
        }
        await #expect(throws: GatehouseError.invalidField(field: "principal.type", reason: "must be one of user, group")) {
            try await change(admin.principal, [Self.viewer], admin)
        }
        await #expect(throws: GatehouseError.self) { try await change(ann, Array(repeating: Self.viewer, count: 11), admin) }
        await #expect(throws: GatehouseError.notFound(kind: .collection, id: "cnope")) {
            try await e.collections.changeRoles(onCollection: "cnope", ContentRoleChange(principal: ann, operation: .add, roleIDs: [Self.viewer]), caller: admin)
        }
        // Sharing takes `share`: a key without it is refused and sees no roles it could give.
        let reader = try await e.key()
        _ = try await e.permissions.createCustomPolicy(
            CustomPolicyInput(
                name: "Read collections", description: nil,
                statement: #"permit(principal == Cloudinary::APIKey::"\#(reader.apiKey)", action == Cloudinary::Action::"read", resource is Cloudinary::Collection);"#,
                scopeType: .prodenv, scopeID: e.env.id, enabled: true),
            accountID: e.f.accountID)
        #expect(await isForbidden("share") { try await change(ann, [Self.viewer], reader) })
        #expect(try await e.collections.roles(onCollection: brand.externalID, caller: reader, includePermitted: true).permittedRoles == [])
        #expect(try await e.holdings(of: ann).isEmpty)
    }

    @Test func deletingACollectionRemovesItsRoleAssignments() async throws {
        let e = try await setUp()
        let admin = try await e.key([Self.master])
        let brand = try await e.collections.create(name: "Brand", caller: admin)
        let kept = try await e.collections.create(name: "Kept", caller: admin)
        let ann = try await e.user("ann")
        let team = Principal(type: .group, id: try await e.f.service.createGroup(name: "Team", accountID: e.f.accountID).id)
        for (p, c) in [(ann, brand), (team, brand), (ann, kept)] {
            try await e.collections.changeRoles(
                onCollection: c.externalID, ContentRoleChange(principal: p, operation: .add, roleIDs: [Self.manager]), caller: admin)
        }
        #expect(try await e.holdings(of: ann).count == 2)
        #expect(try await e.holdings(of: team).count == 1)
        _ = try await e.collections.delete(brand.externalID, caller: admin)
        #expect(try await e.holdings(of: team).isEmpty)
        #expect(try await e.holdings(of: ann).map(\.instance?.id) == [kept.externalID])
        // A collection made later never inherits old holdings.
        let again = try await e.collections.create(name: "Brand", caller: admin)
        #expect(try await e.check(team, "read", on: again) == .deny)
    }
}
