/// Collection roles through the Admin API: who holds which collection role on a collection, and giving or
/// taking them there. Assignments are the Permissions API's own (`policy_parameters.collection_id` = the
/// collection), written by `PermissionsService.changeAssignments`, so both APIs show the same holdings.
extension CollectionService {
    /// Roles held on the collection; needs `read` on it. `includePermitted` adds the collection roles the
    /// caller may give there.
    public func roles(onCollection externalID: String, caller: EnvironmentCaller, includePermitted: Bool) async throws -> ContentRoles {
        try await store.read { db in
            let collection = try self.requireAllowed("read", externalID, caller: caller, in: db)
            let holdings = try self.permissions.contentHoldings(
                kind: .collectionID, instanceIDs: [externalID], ownID: externalID, environmentID: caller.environmentID,
                accountID: caller.accountID, in: db)
            let permitted = includePermitted ? try self.permittedRoles(on: collection, caller: caller, in: db) : nil
            return ContentRoles(sharedWith: holdings, permittedRoles: permitted)
        }
    }

    /// Gives or takes collection roles on the collection, to users and groups only (collection roles are
    /// theirs alone). The caller needs `share` on the collection, and may give only roles within what it
    /// may do there itself (a global Manage all collections covers every collection role). The permission
    /// check and the change are two transactions, as for folders.
    public func changeRoles(onCollection externalID: String, _ change: ContentRoleChange, caller: EnvironmentCaller) async throws {
        try change.validate(for: .collectionID)
        try await store.read { db in
            // Permission first: only a caller who may share here learns whether the collection and the roles exist.
            let allowed = try self.allowedActions(on: externalID, caller: caller, in: db)
            guard allowed.contains("share") else {
                throw GatehouseError.notAllowed(DecisionService.forbiddenMessage(actions: ["share"], environmentID: caller.environmentID))
            }
            let collection = try self.require(externalID, caller: caller, in: db)
            let roles = try self.permissions.contentRoles(change.roleIDs, kind: .collectionID, accountID: caller.accountID, in: db)
            for role in roles where !(try self.grants(of: role, on: collection).isSubset(of: allowed)) {
                throw GatehouseError.notAllowed(
                    "[prodenv:\(caller.environmentID)] Role \(role.id) is above your own permission level on collection \(externalID)")
            }
        }
        try await permissions.acting(as: .principal(caller.principal)).changeContentRoles(
            change, on: ContentInstance(kind: .collectionID, id: externalID), environmentID: caller.environmentID,
            accountID: caller.accountID)
    }

    /// Collection roles the caller may give on the collection: none without `share`, else those within its level.
    func permittedRoles(on collection: AssetCollection, caller: EnvironmentCaller, in db: any StoreReader) throws -> [Role] {
        let allowed = try allowedActions(on: collection.externalID, caller: caller, in: db)
        guard allowed.contains("share") else { return [] }
        return try permissions.contentRoleCandidates(kind: .collectionID, accountID: caller.accountID, in: db)
            .filter { try grants(of: $0, on: collection).isSubset(of: allowed) }
    }
}
