/// The folder resource a decision is asked about, built exactly as the folder operations build it, for
/// those who explain decisions (the Console's Access explorer) to ask the question the Admin API would.
extension FolderService {
    /// The folder at `path` in the environment with its lineage (`exists` true), or, where no folder is, the
    /// folder that would be created there (below the existing folders above it). A malformed path is refused
    /// as the Admin API refuses it (`folder`).
    public func checkResource(path rawPath: String, environmentID: String) async throws -> (resource: CheckRequest.Resource, exists: Bool) {
        let path = try FolderRules.validate(path: rawPath)
        return try await store.read { db in
            if let folder = try db.folder(path: path, environmentID: environmentID) {
                return (Self.resource(folder, lineageIDs: try self.lineageIDs(of: folder, in: db)), true)
            }
            let absent = try self.absentFolder(path: path, environmentID: environmentID, in: db)
            return (Self.resource(absent.folder, lineageIDs: absent.lineageIDs), false)
        }
    }
}
