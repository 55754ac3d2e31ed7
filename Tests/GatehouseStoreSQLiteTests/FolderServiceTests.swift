import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Folder operations over the real store, decided by the Cedar engine for environment API keys.
@Suite struct FolderServiceTests {
    struct Env {
        let f: Fixture
        let folders: FolderService
        let permissions: PermissionsService
        let env: ProductEnvironment

        /// A new API key of the environment holding these roles (`folder` roles on the folder id given).
        func key(_ roles: [(String, String?)] = []) async throws -> EnvironmentCaller {
            let key = try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: nil, enabled: true)
            let principal = Principal(type: .apiKey, id: key.apiKey)
            if !roles.isEmpty {
                try await permissions.changeAssignments(
                    roles.map { RoleGrantRequest(roleID: $0.0, principal: principal, scopeID: env.id, parameters: $0.1.map { ["folder_id": $0] } ?? [:]) },
                    operation: .add, accountID: f.accountID)
            }
            return EnvironmentCaller(accountID: f.accountID, environmentID: env.id, apiKey: key.apiKey)
        }
    }

    static let master = "cld::role::prodenv::master_admin"

    func setUp() async throws -> Env {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0
        return Env(f: f, folders: f.services.folders, permissions: f.permissions, env: env)
    }

    func isForbidden(_ body: () async throws -> Void) async -> Bool {
        do {
            try await body()
            return false
        } catch GatehouseError.notAllowed(let message) {
            return message.contains("missing permissions")
        } catch {
            return false
        }
    }

    @Test func createMakesMissingParentsAndRenameMovesTheSubtreeKeepingIDs() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let jan = try await e.folders.create(path: "Creative/2026/Jan", caller: admin)
        #expect(jan.path == "Creative/2026/Jan" && jan.name == "Jan")
        #expect(try await e.folders.rootFolders(caller: admin).map(\.path) == ["Creative"])
        let year = try #require(try await e.folders.subfolders(of: "Creative", caller: admin).first)
        #expect(year.path == "Creative/2026")
        await #expect(throws: GatehouseError.conflict("Folder Creative/2026 already exists")) {
            try await e.folders.create(path: "Creative/2026", caller: admin)
        }

        let moved = try await e.folders.rename(from: "Creative/2026", to: "Archive/2026", caller: admin)
        #expect(moved.from.path == "Creative/2026" && moved.to.path == "Archive/2026" && moved.to.externalID == year.externalID)
        let children = try await e.folders.subfolders(of: "Archive/2026", caller: admin)
        #expect(children.map(\.path) == ["Archive/2026/Jan"] && children[0].externalID == jan.externalID)
        #expect(try await e.folders.subfolders(of: "Creative", caller: admin).isEmpty)
        await #expect(throws: GatehouseError.self) { try await e.folders.rename(from: "Archive", to: "Archive/2026/Jan/x", caller: admin) }
        await #expect(throws: GatehouseError.notFound(kind: .folder, id: "Nope")) { try await e.folders.subfolders(of: "Nope", caller: admin) }
    }

    @Test func deleteRefusesFoldersWithSubfoldersAndDropsTheirRoles() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let leaf = try await e.folders.create(path: "A/B", caller: admin)
        await #expect(throws: GatehouseError.self) { try await e.folders.delete(path: "A", caller: admin) }
        let viewer = try await e.key([("cld::role::folder::viewer", leaf.externalID)])
        #expect(try await e.f.store.read { try $0.assignments(accountID: e.f.accountID, roleID: nil, principal: viewer.principal) }.count == 1)
        #expect(try await e.folders.delete(path: "A/B", caller: admin) == ["A/B"])
        #expect(try await e.f.store.read { try $0.assignments(accountID: e.f.accountID, roleID: nil, principal: viewer.principal) }.isEmpty)
        #expect(try await e.folders.delete(path: "A", caller: admin) == ["A"])
        #expect(try await e.folders.rootFolders(caller: admin).isEmpty)
    }

    @Test func keyWithoutRolesSeesNothingAndMayDoNothing() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        _ = try await e.folders.create(path: "Creative", caller: admin)
        let nobody = try await e.key()
        #expect(try await e.folders.rootFolders(caller: nobody).isEmpty)
        #expect(await isForbidden { _ = try await e.folders.subfolders(of: "Creative", caller: nobody) })
        #expect(await isForbidden { _ = try await e.folders.create(path: "Other", caller: nobody) })
        #expect(await isForbidden { _ = try await e.folders.delete(path: "Creative", caller: nobody) })
    }

    @Test func folderRolesInheritDownTheTreeAndFollowTheCatalog() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let creative = try await e.folders.create(path: "Creative", caller: admin)
        _ = try await e.folders.create(path: "Creative/2026/Jan", caller: admin)
        _ = try await e.folders.create(path: "Marketing", caller: admin)

        let viewer = try await e.key([("cld::role::folder::viewer", creative.externalID)])
        #expect(try await e.folders.rootFolders(caller: viewer).map(\.path) == ["Creative"])
        #expect(try await e.folders.subfolders(of: "Creative/2026", caller: viewer).map(\.path) == ["Creative/2026/Jan"])
        #expect(await isForbidden { _ = try await e.folders.subfolders(of: "Marketing", caller: viewer) })
        #expect(await isForbidden { _ = try await e.folders.create(path: "Creative/2026/Feb", caller: viewer) })

        let contributor = try await e.key([("cld::role::folder::contributor", creative.externalID)])
        #expect(try await e.folders.create(path: "Creative/2026/Feb", caller: contributor).path == "Creative/2026/Feb")
        #expect(await isForbidden { _ = try await e.folders.create(path: "Marketing/x", caller: contributor) })
        #expect(await isForbidden { _ = try await e.folders.create(path: "Root2", caller: contributor) })
        #expect(await isForbidden { _ = try await e.folders.rename(from: "Creative/2026/Feb", to: "Creative/2026/Mar", caller: contributor) })
        #expect(await isForbidden { _ = try await e.folders.delete(path: "Creative/2026/Feb", caller: contributor) })

        let editor = try await e.key([("cld::role::folder::editor", creative.externalID)])
        #expect(try await e.folders.rename(from: "Creative/2026/Feb", to: "Creative/2026/Mar", caller: editor).to.path == "Creative/2026/Mar")
        #expect(try await e.folders.rename(from: "Creative/2026/Mar", to: "Creative/Mar", caller: editor).to.path == "Creative/Mar")
        // Moving out of the subtree needs the destination to accept it: the root takes a global role.
        #expect(await isForbidden { _ = try await e.folders.rename(from: "Creative/Mar", to: "Mar", caller: editor) })
        #expect(await isForbidden { _ = try await e.folders.delete(path: "Creative/Mar", caller: editor) })

        let manager = try await e.key([("cld::role::folder::manager", creative.externalID)])
        #expect(try await e.folders.delete(path: "Creative/Mar", caller: manager) == ["Creative/Mar"])
        // A role held on a folder alone cannot carry that folder elsewhere.
        let jan = try #require(try await e.folders.subfolders(of: "Creative/2026", caller: admin).first)
        let janManager = try await e.key([("cld::role::folder::manager", jan.externalID)])
        #expect(await isForbidden { _ = try await e.folders.rename(from: "Creative/2026/Jan", to: "Marketing/Jan", caller: janManager) })
    }

    @Test func folderRolesListInheritedAndSharingStaysWithinTheSharersLevel() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let creative = try await e.folders.create(path: "Creative", caller: admin)
        let jan = try await e.folders.create(path: "Creative/2026/Jan", caller: admin)
        let target = try await e.key()

        try await e.folders.changeRoles(
            onFolder: creative.externalID, FolderRoleChange(principal: target.principal, operation: .add, roleIDs: ["cld::role::folder::viewer"]),
            caller: admin)
        try await e.folders.changeRoles(
            onFolder: jan.externalID, FolderRoleChange(principal: target.principal, operation: .add, roleIDs: ["cld::role::folder::contributor"]),
            caller: admin)
        let roles = try await e.folders.roles(onFolder: jan.externalID, caller: admin, includePermitted: true)
        #expect(roles.sharedWith.map { [$0.folderID, $0.roles.map(\.id).joined(), String($0.inherited)] } == [
            [jan.externalID, "cld::role::folder::contributor", "false"],
            [creative.externalID, "cld::role::folder::viewer", "true"],
        ])
        #expect(roles.permittedRoles?.count == 4)

        // A folder Editor may not share (no `share`); a folder Manager may give roles up to Manager.
        let editor = try await e.key([("cld::role::folder::editor", creative.externalID)])
        #expect(await isForbidden {
            try await e.folders.changeRoles(
                onFolder: jan.externalID, FolderRoleChange(principal: target.principal, operation: .add, roleIDs: ["cld::role::folder::viewer"]),
                caller: editor)
        })
        #expect(try await e.folders.roles(onFolder: jan.externalID, caller: editor, includePermitted: true).permittedRoles == [])
        let manager = try await e.key([("cld::role::folder::manager", creative.externalID)])
        try await e.folders.changeRoles(
            onFolder: jan.externalID, FolderRoleChange(principal: target.principal, operation: .add, roleIDs: ["cld::role::folder::editor"]),
            caller: manager)
        await #expect(throws: GatehouseError.self) {
            try await e.folders.changeRoles(
                onFolder: jan.externalID, FolderRoleChange(principal: target.principal, operation: .add, roleIDs: [Self.master]), caller: manager)
        }
        try await e.folders.changeRoles(
            onFolder: jan.externalID,
            FolderRoleChange(principal: target.principal, operation: .remove, roleIDs: ["cld::role::folder::editor", "cld::role::folder::contributor"]),
            caller: manager)
        let after = try await e.folders.roles(onFolder: jan.externalID, caller: admin, includePermitted: false)
        let held = after.sharedWith.filter { $0.principal == target.principal }
        #expect(held.map(\.inherited) == [true] && held[0].roles.map(\.id) == ["cld::role::folder::viewer"])
        #expect(after.permittedRoles == nil)
    }

    @Test func customForbidPolicyHidesOneFolderFromListingsAndSearch() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let creative = try await e.folders.create(path: "Creative", caller: admin)
        let secret = try await e.folders.create(path: "Creative/Secret", caller: admin)
        _ = try await e.folders.create(path: "Creative/Public", caller: admin)
        let viewer = try await e.key([("cld::role::folder::viewer", creative.externalID)])
        let statement = #"forbid(principal == Cloudinary::APIKey::"\#(viewer.apiKey)", action, resource is Cloudinary::Folder) when { resource.ancestor_ids.contains("\#(secret.externalID)") };"#
        _ = try await e.permissions.createCustomPolicy(
            CustomPolicyInput(name: "No secrets", description: nil, statement: statement, scopeType: .prodenv, scopeID: e.env.id, enabled: true),
            accountID: e.f.accountID)
        #expect(try await e.folders.subfolders(of: "Creative", caller: viewer).map(\.path) == ["Creative/Public"])
        #expect(try await e.folders.subfolders(of: "Creative", caller: admin).map(\.path) == ["Creative/Public", "Creative/Secret"])
        var search = try FolderSearch.parse("path:Creative")
        search.sortBy = .path
        search.ascending = true
        #expect(try await e.folders.search(search, caller: viewer).folders.map(\.path) == ["Creative", "Creative/Public"])
        #expect(await isForbidden { _ = try await e.folders.subfolders(of: "Creative/Secret", caller: viewer) })
    }

    @Test func foldersSurviveReopenAndGoWithTheirEnvironment() async throws {
        let e = try await setUp()
        let (second, _) = try await e.f.service.createEnvironment(NewEnvironment(name: "Second"), accountID: e.f.accountID)
        let key = try await e.f.service.generateAccessKey(subAccountID: second.id, accountID: e.f.accountID, name: nil, enabled: true)
        try await e.permissions.changeAssignments(
            [RoleGrantRequest(roleID: Self.master, principal: Principal(type: .apiKey, id: key.apiKey), scopeID: second.id, parameters: [:])],
            operation: .add, accountID: e.f.accountID)
        let caller = EnvironmentCaller(accountID: e.f.accountID, environmentID: second.id, apiKey: key.apiKey)
        let made = try await e.folders.create(path: "Kept/Inside", caller: caller)
        let reopened = try e.f.reopen()
        let stored = try #require(try await reopened.read { try $0.folder(path: "Kept/Inside", environmentID: second.id) })
        #expect(stored.externalID == made.externalID && stored.name == "Inside" && stored.parentID == made.parentID)
        #expect(abs(stored.createdAt.timeIntervalSince(made.createdAt)) < 0.01)  // stored at millisecond precision
        // Paths are per environment: the first environment has no such folder and may reuse the path.
        #expect(try await e.f.store.read { try $0.folders(environmentID: e.env.id) }.isEmpty)
        try await e.f.service.deleteEnvironment(id: second.id, accountID: e.f.accountID)
        #expect(try await e.f.store.read { try $0.folders(environmentID: second.id) }.isEmpty)
    }

    /// The batch decision used by listings must agree with `check` everywhere.
    @Test func batchDecisionsAgreeWithCheck() async throws {
        let e = try await setUp()
        let admin = try await e.key([(Self.master, nil)])
        let creative = try await e.folders.create(path: "Creative", caller: admin)
        let jan = try await e.folders.create(path: "Creative/2026/Jan", caller: admin)
        let marketing = try await e.folders.create(path: "Marketing", caller: admin)
        let callers = [
            admin, try await e.key(), try await e.key([("cld::role::folder::viewer", creative.externalID)]),
            try await e.key([("cld::role::folder::contributor", jan.externalID)]),
            try await e.key([("cld::role::folder::editor", marketing.externalID), ("cld::role::folder::manager", jan.externalID)]),
            try await e.key([("cld::role::prodenv::reports", nil)]),
        ]
        let all = try await e.f.store.read { try $0.folders(environmentID: e.env.id) }
        let byPath = Dictionary(uniqueKeysWithValues: all.map { ($0.path, $0) })
        let resources = all.map { folder in
            CheckRequest.Resource(type: "Folder", id: folder.externalID, attributes: [
                "ancestor_ids": .array(FolderPath.chain(folder.path).compactMap { byPath[$0]?.externalID }.map(JSONValue.string)),
                "name": .string(folder.name),
            ])
        }
        let actions: [(String, [String: JSONValue])] = [
            ("read", [:]), ("create", [:]), ("update", [:]), ("delete", [:]), ("share", [:]), ("move", ["direction": .string("out")]), ("move", [:]),
        ]
        var allowed = 0
        for caller in callers {
            for (action, context) in actions {
                let batch = try await e.folders.decisions.decideEach(
                    action, on: resources, principal: caller.principal, context: context, scopeID: e.env.id, accountID: e.f.accountID)
                for (resource, decided) in zip(resources, batch) {
                    let one = try await e.folders.decisions.check(
                        CheckRequest(principal: caller.principal, action: action, resource: resource, context: context, scopeID: e.env.id),
                        accountID: e.f.accountID)
                    #expect((one.decision == .allow) == decided, "\(caller.apiKey) \(action) \(context) \(resource.id)")
                    if decided { allowed += 1 }
                }
            }
        }
        #expect(allowed > 0 && allowed < callers.count * actions.count * resources.count)
    }
}
