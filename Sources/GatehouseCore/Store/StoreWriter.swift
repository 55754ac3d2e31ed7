/// Write access inside one store transaction; everything written commits together or not at all.
public protocol StoreWriter: StoreReader, MailQueueWriter, IdentityWriter, AuditWriter, SAMLWriter, SCIMWriter {
    func insert(_ account: Account) throws
    func update(_ account: Account) throws
    func insert(_ key: ProvisioningKey) throws
    /// Removes the account (provisioning) key; its role assignments are the caller's to remove first.
    func deleteProvisioningKey(key: String, accountID: String) throws

    func insert(_ user: User) throws
    func update(_ user: User) throws

    func insert(_ group: UserGroup) throws
    func update(_ group: UserGroup) throws
    func deleteGroup(id: String) throws
    func addMember(userID: String, groupID: String) throws
    func removeMember(userID: String, groupID: String) throws

    func insert(_ environment: ProductEnvironment) throws
    func update(_ environment: ProductEnvironment) throws
    /// Removes the environment, its keys, folders and collections, every user's access to it and the custom
    /// policies scoped to it (`prodenv` policies whose `scopeID` is this environment).
    func deleteEnvironment(id: String) throws

    func insert(_ key: AccessKey) throws
    func update(_ key: AccessKey) throws
    func deleteAccessKey(apiKey: String, subAccountID: String) throws

    func insert(_ role: Role) throws
    func update(_ role: Role) throws
    /// Removes the custom role and every assignment of it.
    func deleteRole(id: String, accountID: String) throws
    func insert(_ assignment: RoleAssignment) throws
    func delete(_ assignment: RoleAssignment) throws
    /// Removes every assignment held by the principal (its user, group or key is gone).
    func deleteAssignments(of principal: Principal, accountID: String) throws

    func insert(_ policy: CustomPolicy) throws
    func update(_ policy: CustomPolicy) throws
    func deleteCustomPolicy(id: String, accountID: String) throws

    func insert(_ folder: Folder) throws
    func update(_ folder: Folder) throws
    func deleteFolder(externalID: String, environmentID: String) throws

    func insert(_ collection: AssetCollection) throws
    func update(_ collection: AssetCollection) throws
    func deleteCollection(externalID: String, environmentID: String) throws
}

extension StoreWriter {
    /// Removes every content-role assignment bound to this folder or collection: once the instance is gone
    /// they could grant nothing, and a new instance must never inherit them.
    public func deleteAssignments(boundTo instance: ContentInstance, accountID: String) throws {
        for assignment in try assignments(accountID: accountID, roleID: nil, principal: nil) where assignment.instance == instance {
            try delete(assignment)
        }
    }
}
