/// How folder operations become Cedar requests: principal = the calling API key, `scope_id` = its product
/// environment, resource = `Cloudinary::Folder::"<external id>"` with `ancestor_ids` = the external ids of the
/// folder and of every folder above it (so `resource.ancestor_ids.contains("<folder_id>")` in a folder role's
/// statements covers the folder it is held on and its whole subtree) and `name`.
extension FolderService {
    static func resource(_ folder: Folder, lineageIDs: [String]) -> CheckRequest.Resource {
        CheckRequest.Resource(
            type: "Folder", id: folder.externalID,
            attributes: ["ancestor_ids": .array(lineageIDs.map(JSONValue.string)), "name": .string(folder.name)])
    }

    func isAllowed(
        _ action: String, on resource: CheckRequest.Resource, context: [String: JSONValue] = [:], caller: EnvironmentCaller,
        in db: any StoreReader
    ) throws -> Bool {
        try decisions.isAllowed(action, on: resource, context: context, caller: caller, in: db)
    }

    /// The folders (each with its lineage ids) the caller may `read`, in their order. A folder outside every
    /// subtree the grants name is refused without a decision of its own, and one inside them needs none when
    /// folder roles alone decide (`FolderReach`).
    func readable(_ folders: [(folder: Folder, lineageIDs: [String])], caller: EnvironmentCaller, in db: any StoreReader) throws -> [Folder] {
        guard !folders.isEmpty else { return [] }
        let batch = try decisions.partialBatch(
            "read", resourceType: "Folder", principal: caller.principal, scopeID: caller.environmentID, accountID: caller.accountID,
            in: db)
        switch FolderReach(batch.partial, folderType: batch.resourceType) {
        case .every(let allowed):
            return allowed ? folders.map(\.folder) : []
        case .within(let roots, let exact):
            return try folders.filter { folder in
                guard folder.lineageIDs.contains(where: roots.contains) else { return false }
                return try exact || batch.decide(Self.resource(folder.folder, lineageIDs: folder.lineageIDs), with: decisions)
            }.map(\.folder)
        case .undetermined:
            return try folders.filter { try batch.decide(Self.resource($0.folder, lineageIDs: $0.lineageIDs), with: decisions) }.map(\.folder)
        }
    }

    /// Throws Cloudinary's 403 for a denied action.
    func ensureAllowed(
        _ action: String, on resource: CheckRequest.Resource, context: [String: JSONValue] = [:], caller: EnvironmentCaller,
        in db: any StoreReader
    ) throws {
        try decisions.ensureAllowed(action, on: resource, context: context, caller: caller, in: db)
    }

    /// The message Cloudinary's Admin API gives for a call the key's roles do not allow.
    public static func forbiddenMessage(actions: [String], environmentID: String) -> String {
        DecisionService.forbiddenMessage(actions: actions, environmentID: environmentID)
    }
}
