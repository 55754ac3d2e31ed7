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
}
