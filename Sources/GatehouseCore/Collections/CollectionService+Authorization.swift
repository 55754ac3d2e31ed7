/// How collection operations become Cedar requests: principal = the calling API key, `scope_id` = its
/// product environment, resource = `Cloudinary::Collection::"<external id>"` with the one attribute the
/// schema gives a Collection, `id` (the collection roles' statements test `resource.id == "<collection_id>"`).
extension CollectionService {
    static func resource(_ collection: AssetCollection) -> CheckRequest.Resource { resource(id: collection.externalID) }

    static func resource(id externalID: String) -> CheckRequest.Resource {
        CheckRequest.Resource(type: "Collection", id: externalID, attributes: ["id": .string(externalID)])
    }

    /// What may be done on one collection: the actions the schema applies to `Collection` besides `create`.
    static let actions = ["read", "update", "delete", "share"]

    /// The actions of `actions` the caller is allowed on the collection.
    func allowedActions(on externalID: String, caller: EnvironmentCaller, in db: any StoreReader) throws -> Set<String> {
        Set(try Self.actions.filter { try decisions.isAllowed($0, on: Self.resource(id: externalID), caller: caller, in: db) })
    }

    /// What the role alone allows on the collection when held on it.
    func grants(of role: Role, on collection: AssetCollection) throws -> Set<String> {
        try ContentRoleGrants.grants(
            of: role, heldOn: ContentInstance(kind: .collectionID, id: collection.externalID), probes: Self.actions, decisions: decisions
        ) { action in (action, Self.resource(collection), [:]) }
    }
}
