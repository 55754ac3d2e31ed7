import Foundation
import GatehouseCore
import Testing

/// Listings decide many resources with one partial evaluation (`DecisionService.decideEach`): for every
/// principal of the escalation world, every folder and the collection, and the actions listings and
/// content roles use, the answer is the one a check of that single resource gives.
@Suite struct PartialListingTests {
    @Test func aListingAnswersAsEachCheckWould() async throws {
        let world = try await EscalationWorld()
        let decisions = world.app.services.decisions
        let targets = try await Targets.read(world)
        // As the folder and collection services describe them (`FolderService.resource`, `CollectionService.resource`).
        var resources = world.probedFolders.map { folder, lineage in
            CheckRequest.Resource(
                type: "Folder", id: folder.externalID,
                attributes: ["ancestor_ids": .array(lineage.map(JSONValue.string)), "name": .string(folder.name)])
        }
        let collection = world.collection.externalID
        resources.append(CheckRequest.Resource(type: "Collection", id: collection, attributes: ["id": .string(collection)]))
        var allowed = 0
        var compared = 0
        for principal in targets.principals {
            for action in ["read", "update", "delete", "download", "create", "move", "share"] {
                let listed = try await decisions.decideEach(
                    action, on: resources, principal: principal, scopeID: world.env1.id, accountID: world.accountID)
                for (resource, answer) in zip(resources, listed) {
                    let single = try await decisions.isAllowed(
                        CheckRequest(principal: principal, action: action, resource: resource, scopeID: world.env1.id), accountID: world.accountID)
                    #expect(answer == single, "\(principal.type.rawValue) \(principal.id) \(action) \(resource.type) \(resource.id)")
                    allowed += single ? 1 : 0
                    compared += 1
                }
            }
        }
        // Both answers occur, so the comparison says something.
        #expect(allowed > 0 && allowed < compared, "\(allowed) of \(compared) allowed")
    }

    /// "What can this principal see" reads only the subtrees the residual policies name, and skips the per-folder
    /// decision when a folder role alone decides: for every principal of the world, before and after custom
    /// policies that hide one folder and show another by name, the listing is exactly the folders a check of
    /// each allows.
    @Test func aFolderListingIsWhatEachCheckAllows() async throws {
        let world = try await EscalationWorld()
        let services = world.app.services
        let targets = try await Targets.read(world)
        let envID = world.env1.id
        var search = FolderSearch()
        search.maxResults = FolderSearch.maxResultsLimit
        func compare(_ label: String) async throws {
            let folders = try await world.app.store.read { db in try db.folders(environmentID: envID) }
            let byID = Dictionary(uniqueKeysWithValues: folders.map { ($0.externalID, $0) })
            var seen = 0
            for principal in targets.principals where principal.type != .provisioningKey {
                let listed = try await services.folders.search(search, visibleTo: principal, environmentID: envID, accountID: world.accountID)
                var expected: [String] = []
                for folder in folders {
                    var lineage = [folder.externalID]
                    var parent = folder.parentID
                    while let id = parent, let above = byID[id] {
                        lineage.insert(id, at: 0)
                        parent = above.parentID
                    }
                    let resource = CheckRequest.Resource(
                        type: "Folder", id: folder.externalID,
                        attributes: ["ancestor_ids": .array(lineage.map(JSONValue.string)), "name": .string(folder.name)])
                    if try await services.decisions.isAllowed(
                        CheckRequest(principal: principal, action: "read", resource: resource, scopeID: envID), accountID: world.accountID) {
                        expected.append(folder.path)
                    }
                }
                #expect(listed.folders.map(\.path).sorted() == expected.sorted(), "\(label): \(principal.type.rawValue) \(principal.id)")
                #expect(listed.totalCount == expected.count)
                seen += expected.count
            }
            // Some see folders and some do not, so the comparison says something.
            #expect(seen > 0 && seen < folders.count * targets.principals.count, "\(label): \(seen) seen")
        }
        try await compare("folder roles")
        for (name, statement) in [
            ("hide inner", #"forbid(principal, action, resource is Cloudinary::Folder) when { resource.name == "inner" };"#),
            ("show scratch",
             #"permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Folder) when { resource.name == "scratch" };"#),
        ] {
            _ = try await services.permissions.acting(as: .local).createCustomPolicy(
                CustomPolicyInput(name: name, description: nil, statement: statement, scopeType: .prodenv, scopeID: envID, enabled: true),
                accountID: world.accountID)
            try await compare(name)
        }
    }
}
