import Foundation

/// Permission before existence: a caller learns whether a folder exists only once it is allowed the
/// operation it asked for. Where no folder is, the decision is asked for the folder that would be there (the
/// existing folders above it, and an id no folder has), so a caller without rights gets the same 403 whether
/// the folder exists or not, and only a caller whose roles would cover it hears 404.
extension FolderService {
    /// The folder at `path` with its lineage, once the caller is allowed `action` on it (403 otherwise; 404
    /// for an absent folder the caller would be allowed `action` on).
    func requireAllowed(
        _ action: String, path: String, context: [String: JSONValue] = [:], caller: EnvironmentCaller, in db: any StoreReader
    ) throws -> (folder: Folder, lineageIDs: [String]) {
        if let folder = try db.folder(path: path, environmentID: caller.environmentID) {
            let lineage = try lineageIDs(of: folder, in: db)
            try ensureAllowed(action, on: Self.resource(folder, lineageIDs: lineage), context: context, caller: caller, in: db)
            return (folder, lineage)
        }
        let absent = try absentFolder(path: path, environmentID: caller.environmentID, in: db)
        try ensureAllowed(action, on: Self.resource(absent.folder, lineageIDs: absent.lineageIDs), context: context, caller: caller, in: db)
        throw GatehouseError.notFound(kind: .folder, id: path)
    }

    /// The folder with this external id and its lineage, or, when there is none, a stand-in with that id
    /// at the root (`exists` false) for the caller's permissions to be asked about before a 404.
    func folderOrStandIn(externalID: String, caller: EnvironmentCaller, in db: any StoreReader) throws
        -> (folder: Folder, lineageIDs: [String], exists: Bool)
    {
        if let folder = try db.folder(externalID: externalID, environmentID: caller.environmentID) {
            return (folder, try lineageIDs(of: folder, in: db), true)
        }
        let time = now()
        let standIn = Folder(
            externalID: externalID, environmentID: caller.environmentID, name: externalID, path: externalID, parentID: nil,
            createdAt: time, updatedAt: time)
        return (standIn, [externalID], false)
    }

    /// The folder that would be at `path`: an id no folder has, below the existing folders above it.
    func absentFolder(path: String, environmentID: String, in db: any StoreReader) throws -> (folder: Folder, lineageIDs: [String]) {
        var lineage: [String] = []
        var parentID: String?
        for prefix in FolderPath.chain(path).dropLast() {
            guard let above = try db.folder(path: prefix, environmentID: environmentID) else { break }
            lineage.append(above.externalID)
            parentID = above.externalID
        }
        let time = now()
        let folder = Folder(
            externalID: ids.externalID(), environmentID: environmentID, name: FolderPath.name(of: path), path: path,
            parentID: parentID, createdAt: time, updatedAt: time)
        return (folder, lineage + [folder.externalID])
    }
}
