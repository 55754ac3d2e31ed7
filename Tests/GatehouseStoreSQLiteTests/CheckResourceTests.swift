import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// The resources those who explain decisions ask about (the Console's Access explorer) are the ones the folder
/// and collection operations decide on: same lineage, same ids, so the explanation and the API agree.
@Suite struct CheckResourceTests {
    static let master = "cld::role::prodenv::master_admin"
    static let folderViewer = "cld::role::folder::viewer"

    /// A new API key of the environment holding these roles (with their policy parameters).
    func key(_ f: Fixture, _ env: ProductEnvironment, roles: [(String, [String: String])]) async throws -> EnvironmentCaller {
        let key = try await f.service.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: nil, enabled: true)
        let principal = Principal(type: .apiKey, id: key.apiKey)
        try await f.permissions.changeAssignments(
            roles.map { RoleGrantRequest(roleID: $0.0, principal: principal, scopeID: env.id, parameters: $0.1) },
            operation: .add, accountID: f.accountID)
        return EnvironmentCaller(accountID: f.accountID, environmentID: env.id, apiKey: key.apiKey)
    }

    @Test func folderResourceCarriesTheLineageTheOperationsUse() async throws {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0
        let admin = try await key(f, env, roles: [(Self.master, [:])])
        let jan = try await f.services.folders.create(path: "Creative/2026/Jan", caller: admin)
        let creative = try #require(try await f.services.folders.rootFolders(caller: admin).first)
        let year = try #require(try await f.services.folders.subfolders(of: "Creative", caller: admin).first)

        let found = try await f.services.folders.checkResource(path: "Creative/2026/Jan", environmentID: env.id)
        #expect(found.exists && found.resource.type == "Folder" && found.resource.id == jan.externalID)
        #expect(found.resource.attributes["ancestor_ids"] == .array([creative, year, jan].map { .string($0.externalID) }))

        // A viewer on Creative: the explained decision is the API's (it may list below Creative/2026).
        let viewer = try await key(f, env, roles: [(Self.folderViewer, ["folder_id": creative.externalID])])
        let decision = try await f.decisions.check(
            CheckRequest(principal: viewer.principal, action: "read", resource: found.resource, scopeID: env.id), accountID: f.accountID)
        #expect(decision.decision == .allow)
        _ = try await f.services.folders.subfolders(of: "Creative/2026/Jan", caller: viewer)

        // No folder at the path: the one that would be created, below the existing ones.
        let absent = try await f.services.folders.checkResource(path: "Creative/New", environmentID: env.id)
        guard case .array(let chain)? = absent.resource.attributes["ancestor_ids"] else { Issue.record("no ancestor_ids"); return }
        #expect(!absent.exists && chain.count == 2 && chain.first == .string(creative.externalID) && chain.last == .string(absent.resource.id))

        await #expect(throws: GatehouseError.self) { try await f.services.folders.checkResource(path: "a//b", environmentID: env.id) }
    }

    @Test func collectionResourceByIdOrName() async throws {
        let f = try await Fixture()
        let env = try await f.service.environments(EnvironmentQuery(accountID: f.accountID))[0].0
        let admin = try await key(f, env, roles: [(Self.master, [:])])
        let made = try await f.services.collections.create(name: "Spring launch", caller: admin)
        let byID = try await f.services.collections.checkResource(made.externalID, environmentID: env.id)
        let byName = try await f.services.collections.checkResource("Spring launch", environmentID: env.id)
        #expect(byID.resource.id == made.externalID && byName.resource.id == made.externalID && byID.name == "Spring launch")
        #expect(byID.resource.type == "Collection" && byID.resource.attributes["id"] == .string(made.externalID))
        await #expect(throws: GatehouseError.notFound(kind: .collection, id: "nothing")) {
            try await f.services.collections.checkResource("nothing", environmentID: env.id)
        }
    }
}
