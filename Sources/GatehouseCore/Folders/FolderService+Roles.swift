/// Folder roles through the Admin API: who holds which folder role on a folder (directly or from a folder
/// above), and giving or taking folder roles there. Assignments are the Permissions API's own (role,
/// principal, `scope_id` = the environment, `policy_parameters.folder_id` = the folder), written by
/// `PermissionsService.changeAssignments`, so both APIs always show the same holdings.
extension FolderService {
    /// Roles on the folder and inherited from folders above it; needs `read` on the folder. The folder's
    /// own holdings come first, then those of each folder above, nearest first.
    public func roles(onFolder externalID: String, caller: EnvironmentCaller, includePermitted: Bool) async throws -> FolderRoles {
        try await store.read { db in
            let (folder, lineage, exists) = try self.folderOrStandIn(externalID: externalID, caller: caller, in: db)
            try self.ensureAllowed("read", on: Self.resource(folder, lineageIDs: lineage), caller: caller, in: db)
            guard exists else { throw GatehouseError.notFound(kind: .folder, id: externalID) }
            let holdings = try self.permissions.contentHoldings(
                kind: .folderID, instanceIDs: lineage.reversed(), ownID: folder.externalID, environmentID: caller.environmentID,
                accountID: caller.accountID, in: db)
            let permitted = includePermitted ? try self.permittedRoles(on: folder, lineageIDs: lineage, caller: caller, in: db) : nil
            return FolderRoles(sharedWith: holdings, permittedRoles: permitted)
        }
    }

    /// Gives or takes folder roles on the folder. The caller needs `share` on the folder (or unconditional
    /// folder management), and every role named must be a folder role within the caller's own level there
    /// (`FolderPermissionLevel`). The assignment rules of the Permissions API apply as well (an API key
    /// holds roles only in its own environment; a removed role must be held). The permission check and the
    /// change are two transactions (the change is `PermissionsService.changeAssignments`, shared with the
    /// Permissions API): a role taken from the caller in between does not undo a change already decided.
    public func changeRoles(onFolder externalID: String, _ change: FolderRoleChange, caller: EnvironmentCaller) async throws {
        try change.validate(for: .folderID)
        try await store.read { db in
            // Permission first: only a caller who may share here learns whether the folder and the roles exist.
            let (folder, lineage, exists) = try self.folderOrStandIn(externalID: externalID, caller: caller, in: db)
            let level = try FolderPermissionLevel.callerLevel(on: folder, lineageIDs: lineage, caller: caller, service: self, in: db)
            guard level.manager || level.allowed.contains(FolderPermissionLevel.share) else {
                throw GatehouseError.notAllowed(Self.forbiddenMessage(actions: ["share"], environmentID: caller.environmentID))
            }
            guard exists else { throw GatehouseError.notFound(kind: .folder, id: externalID) }
            let roles = try self.permissions.contentRoles(change.roleIDs, kind: .folderID, accountID: caller.accountID, in: db)
            if !level.manager {
                for role in roles {
                    let grants = try FolderPermissionLevel.grants(
                        of: role, folder: folder, lineageIDs: lineage, holdOn: folder.externalID, service: self)
                    guard grants.isSubset(of: level.allowed) else {
                        throw GatehouseError.notAllowed(
                            "[prodenv:\(caller.environmentID)] Role \(role.id) is above your own permission level on folder \(folder.externalID)")
                    }
                }
            }
        }
        try await permissions.acting(as: .principal(caller.principal)).changeContentRoles(
            change, on: ContentInstance(kind: .folderID, id: externalID), environmentID: caller.environmentID, accountID: caller.accountID)
    }

    /// Folder roles (system, then the account's custom ones) the caller may give on the folder.
    func permittedRoles(on folder: Folder, lineageIDs: [String], caller: EnvironmentCaller, in db: any StoreReader) throws -> [Role] {
        let candidates = try permissions.contentRoleCandidates(kind: .folderID, accountID: caller.accountID, in: db)
        let level = try FolderPermissionLevel.callerLevel(on: folder, lineageIDs: lineageIDs, caller: caller, service: self, in: db)
        let canShare = level.manager || level.allowed.contains(FolderPermissionLevel.share)
        guard canShare else { return [] }
        if level.manager { return candidates }
        return try candidates.filter {
            try FolderPermissionLevel.grants(of: $0, folder: folder, lineageIDs: lineageIDs, holdOn: folder.externalID, service: self)
                .isSubset(of: level.allowed)
        }
    }
}
