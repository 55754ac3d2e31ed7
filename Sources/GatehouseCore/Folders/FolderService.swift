import Foundation

/// The Admin API's folder operations for one product environment, each decided by the Cedar engine for the
/// calling API key (`FolderService+Authorization`). Every operation runs in one store transaction, the
/// permission checks included, so a check and the write it guards see the same folders and roles.
public struct FolderService: Sendable {
    public let store: GuardedStore
    public let decisions: DecisionService
    public let ids: IdentifierGenerator
    public let now: @Sendable () -> Date

    public init(
        decisions: DecisionService, ids: IdentifierGenerator = .init(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = decisions.permissions.store
        self.decisions = decisions
        self.ids = ids
        self.now = now
    }

    var permissions: PermissionsService { decisions.permissions }

    // MARK: Listing

    /// Root folders the key may read. Listing the root needs no permission of its own: a key with a folder
    /// role on `/Creative` sees `Creative` and nothing else, a key with a global read role sees every root
    /// folder, a key without roles gets an empty list (not a 403), since the root itself is no folder a role
    /// could be held on.
    public func rootFolders(caller: EnvironmentCaller) async throws -> [Folder] {
        try await store.read { db in
            try self.readable(
                db.folders(parentID: nil, environmentID: caller.environmentID).map { ($0, [$0.externalID]) }, caller: caller, in: db)
        }
    }

    /// Subfolders of `path`. Reading the folder itself is required (403 otherwise, as Cloudinary answers for a
    /// folder the key cannot see); its subfolders are then filtered one by one, so a `forbid` custom policy on
    /// one of them hides just that one.
    public func subfolders(of rawPath: String, caller: EnvironmentCaller) async throws -> [Folder] {
        let path = try FolderRules.validate(path: rawPath)
        return try await store.read { db in
            let (folder, lineage) = try self.requireAllowed("read", path: path, caller: caller, in: db)
            return try self.readable(
                db.folders(parentID: folder.externalID, environmentID: caller.environmentID).map { ($0, lineage + [$0.externalID]) },
                caller: caller, in: db)
        }
    }

    // MARK: Create, rename, delete

    /// Creates the folder and, like Cloudinary, any missing folder above it. Each new folder needs `create`
    /// on itself with `ancestor_ids` = the folders above it plus its own new id (so a folder role on an
    /// ancestor covers it; creating at the root takes a global permission). An existing path is a 409 for a
    /// caller allowed `create` there, a 403 for anyone else (as if it did not exist).
    public func create(path rawPath: String, caller: EnvironmentCaller) async throws -> Folder {
        let path = try FolderRules.validate(path: rawPath)
        let time = now()
        return try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            if let existing = try db.folder(path: path, environmentID: caller.environmentID) {
                let lineage = try self.lineageIDs(of: existing, in: db)
                try self.ensureAllowed("create", on: Self.resource(existing, lineageIDs: lineage), caller: caller, in: db)
                throw GatehouseError.conflict("Folder \(path) already exists")
            }
            return try self.ensurePath(path, caller: caller, at: time, in: db).folder
        }
    }

    /// Renames or moves a folder; its subtree follows and every folder keeps its external id, so folder
    /// roles follow too. The permissions asked for:
    /// - a rename in place (same parent): `update` on the folder;
    /// - a move to another parent: `move` with `direction: "out"` on the folder where it is, and `create` on
    ///   the folder as it would sit at the destination. That second resource's `ancestor_ids` are only the
    ///   destination's folders (not the moved folder's own id), so a role held on the moved folder alone
    ///   cannot carry it anywhere: the destination must accept it. Missing destination parents are created,
    ///   each with its own `create` check.
    /// Whether `from` exists is told only to a caller allowed the `update` or `move`, and whether `to` exists
    /// (409) only once the destination's checks have passed.
    public func rename(from rawFrom: String, to rawTo: String, caller: EnvironmentCaller) async throws -> (from: Folder, to: Folder) {
        let from = try FolderRules.validate(path: rawFrom)
        let to = try FolderRules.validate(path: rawTo, field: "to_folder")
        try FolderRules.ensureMovable(from: from, to: to)
        let time = now()
        return try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            let newName = FolderPath.name(of: to)
            let destinationParent = FolderPath.parent(of: to)
            let inPlace = to == from || destinationParent == FolderPath.parent(of: from)
            let (folder, _) = inPlace
                ? try self.requireAllowed("update", path: from, caller: caller, in: db)
                : try self.requireAllowed("move", path: from, context: ["direction": .string("out")], caller: caller, in: db)
            guard to != from else { return (folder, folder) }
            var moved = folder
            if !inPlace {
                var destinationIDs: [String] = []
                if let destinationParent {
                    let parent = try self.ensurePath(destinationParent, caller: caller, at: time, in: db)
                    destinationIDs = parent.lineageIDs
                    moved.parentID = parent.folder.externalID
                } else {
                    moved.parentID = nil
                }
                let arriving = CheckRequest.Resource(
                    type: "Folder", id: folder.externalID,
                    attributes: ["ancestor_ids": .array(destinationIDs.map(JSONValue.string)), "name": .string(newName)])
                try self.ensureAllowed("create", on: arriving, caller: caller, in: db)
            }
            if try db.folder(path: to, environmentID: caller.environmentID) != nil {
                throw GatehouseError.conflict("Folder \(to) already exists")
            }
            let descendants = try db.folders(below: from, environmentID: caller.environmentID)
            moved.name = newName
            moved.path = to
            moved.updatedAt = time
            try db.update(moved)
            for var child in descendants {
                child.path = FolderPath.rebase(child.path, from: from, to: to)
                child.updatedAt = time
                try db.update(child)
            }
            return (folder, moved)
        }
    }

    /// Deletes an empty folder (`delete` on it) and the folder-role assignments bound to it. Returns the
    /// deleted paths, as Cloudinary's `deleted` list.
    public func delete(path rawPath: String, caller: EnvironmentCaller) async throws -> [String] {
        let path = try FolderRules.validate(path: rawPath)
        return try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            let (folder, _) = try self.requireAllowed("delete", path: path, caller: caller, in: db)
            let children = try db.folders(parentID: folder.externalID, environmentID: caller.environmentID)
            try FolderRules.ensureDeletable(folder, childCount: children.count)
            try db.deleteAssignments(boundTo: ContentInstance(kind: .folderID, id: folder.externalID), accountID: caller.accountID)
            try db.deleteFolder(externalID: folder.externalID, environmentID: caller.environmentID)
            return [folder.path]
        }
    }

    // MARK: Helpers

    /// External ids of the folder and every folder above it, root first, the folder itself last.
    func lineageIDs(of folder: Folder, in db: any StoreReader) throws -> [String] {
        var ids = [folder.externalID]
        var parentID = folder.parentID
        while let id = parentID, ids.count <= FolderRules.maxDepth {
            guard let parent = try db.folder(externalID: id, environmentID: folder.environmentID) else { break }
            ids.insert(parent.externalID, at: 0)
            parentID = parent.parentID
        }
        return ids
    }

    /// The folder at `path`, creating it and any missing folder above it (each with a `create` check).
    func ensurePath(
        _ path: String, caller: EnvironmentCaller, at time: Date, in db: any StoreWriter
    ) throws -> (folder: Folder, lineageIDs: [String]) {
        var lineage: [String] = []
        var current: Folder?
        for prefix in FolderPath.chain(path) {
            if let existing = try db.folder(path: prefix, environmentID: caller.environmentID) {
                current = existing
                lineage.append(existing.externalID)
                continue
            }
            let folder = Folder(
                externalID: ids.externalID(), environmentID: caller.environmentID, name: FolderPath.name(of: prefix), path: prefix,
                parentID: current?.externalID, createdAt: time, updatedAt: time)
            lineage.append(folder.externalID)
            try ensureAllowed("create", on: Self.resource(folder, lineageIDs: lineage), caller: caller, in: db)
            try db.insert(folder)
            current = folder
        }
        guard let current else { throw GatehouseError.invalidField(field: "folder", reason: "must not be empty") }
        return (current, lineage)
    }
}
