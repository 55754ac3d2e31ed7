import Cedar

/// "At or below the sharer's own level on the folder" (permissions model rule 35), made measurable: a
/// level is the set of things one may do on the folder and on assets in it, each a probe request below.
/// A folder role is within a caller's level when every probe the role allows on the folder, the caller is
/// allowed too. A caller holding unconditional folder management (global `move` without a direction plus
/// `delete`, as Master Admin and the other admin roles have) is at the top level and may give any folder
/// role, although no global policy names the Console-only `share`/`download` actions.
struct FolderPermissionLevel {
    struct Probe: Hashable {
        var action: String
        var resourceType: String
        var context: [String: JSONValue] = [:]
        var attributes: [String: JSONValue] = [:]
    }

    static let share = Probe(action: "share", resourceType: "Folder")

    static let probes: [Probe] = [
        Probe(action: "read", resourceType: "Folder"),
        Probe(action: "create", resourceType: "Folder"),
        Probe(action: "update", resourceType: "Folder"),
        Probe(action: "delete", resourceType: "Folder"),
        share,
        Probe(action: "move", resourceType: "Folder", context: ["direction": .string("out")]),
        Probe(action: "read", resourceType: "Asset"),
        Probe(action: "create", resourceType: "Asset"),
        Probe(action: "update", resourceType: "Asset"),
        Probe(action: "delete", resourceType: "Asset"),
        Probe(action: "move", resourceType: "Asset", context: ["direction": .string("out")]),
        Probe(action: "download", resourceType: "Asset", attributes: ["access_mode": .string("public")]),
        Probe(action: "download", resourceType: "Asset", attributes: ["access_mode": .string("authenticated")]),
    ]

    /// The probe's resource on the folder with these lineage ids (an asset sits directly in the folder).
    static func resource(_ probe: Probe, folder: Folder, lineageIDs: [String]) -> CheckRequest.Resource {
        var attributes = probe.attributes
        attributes["ancestor_ids"] = .array(lineageIDs.map(JSONValue.string))
        if probe.resourceType == "Folder" {
            attributes["name"] = .string(folder.name)
            return .init(type: "Folder", id: folder.externalID, attributes: attributes)
        }
        attributes["resource_type"] = .string("image")
        return .init(type: "Asset", id: "probe-asset", attributes: attributes)
    }

    /// What the role alone allows when held on the folder with these lineage ids.
    static func grants(
        of role: Role, folder: Folder, lineageIDs: [String], holdOn holdingFolderID: String, service: FolderService
    ) throws -> Set<Probe> {
        try ContentRoleGrants.grants(
            of: role, heldOn: ContentInstance(kind: .folderID, id: holdingFolderID), probes: probes, decisions: service.decisions
        ) { probe in (probe.action, resource(probe, folder: folder, lineageIDs: lineageIDs), probe.context) }
    }

    /// What the caller may do on the folder through all its roles and policies, and whether it holds
    /// unconditional folder management.
    static func callerLevel(
        on folder: Folder, lineageIDs: [String], caller: EnvironmentCaller, service: FolderService, in db: any StoreReader
    ) throws -> (allowed: Set<Probe>, manager: Bool) {
        var allowed = Set<Probe>()
        for probe in probes
        where try service.isAllowed(
            probe.action, on: resource(probe, folder: folder, lineageIDs: lineageIDs), context: probe.context, caller: caller, in: db)
        {
            allowed.insert(probe)
        }
        let folderResource = FolderService.resource(folder, lineageIDs: lineageIDs)
        let manager = try service.isAllowed("move", on: folderResource, caller: caller, in: db)
            && service.isAllowed("delete", on: folderResource, caller: caller, in: db)
        return (allowed, manager)
    }
}
