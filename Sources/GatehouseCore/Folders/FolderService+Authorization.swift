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

    /// The folders (each with its lineage ids) the caller may `read`, in their order.
    func readable(_ folders: [(folder: Folder, lineageIDs: [String])], caller: EnvironmentCaller, in db: any StoreReader) throws -> [Folder] {
        let decisions = try self.decisions.decideEach(
            "read", on: folders.map { Self.resource($0.folder, lineageIDs: $0.lineageIDs) }, principal: caller.principal,
            scopeID: caller.environmentID, accountID: caller.accountID, in: db)
        return zip(folders, decisions).compactMap { $1 ? $0.folder : nil }
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
