/// Read access inside one store transaction. Synchronous on purpose: rules run between reads and writes of
/// a single transaction, so a check (a free seat, a free email) and the write it guards are atomic.
public protocol StoreReader: IdentityReader, AuditReader, SAMLReader, SCIMReader, MailQueueReader {
    /// Changes with every committed write (in any process) except those to the mail queue alone
    /// (`GatehouseStore.writeMail`), and only then: what a cache of data derived from the store compares
    /// to know it is still current.
    func writeGeneration() throws -> Int64
    /// When the scopes a principal's grants and the account's role catalogue depend on last changed
    /// (`StandingChange`), in one read.
    func standingStamps(accountID: String, principal: Principal?) throws -> StandingStamps

    func accounts() throws -> [Account]
    func account(id: String) throws -> Account?
    func provisioningKey(key: String) throws -> ProvisioningKey?

    func user(id: String, accountID: String) throws -> User?
    /// The one non-deleted user with this canonical email, in any account.
    func liveUser(email: String) throws -> User?
    func users(_ query: UserQuery) throws -> [User]
    /// One page of `users(query)` plus how many users match in all (the Console's users table).
    func userPage(_ query: UserQuery) throws -> (users: [User], total: Int)
    /// Each user's groups (ordered by name), keyed by user id; users in no group are absent.
    func groups(ofUsers userIDs: [String]) throws -> [String: [UserGroup]]
    func seatsUsed(accountID: String) throws -> Int

    func group(id: String, accountID: String) throws -> UserGroup?
    func group(named name: String, accountID: String) throws -> UserGroup?
    func groups(accountID: String) throws -> [UserGroup]
    func members(ofGroup groupID: String) throws -> [User]
    func groups(ofUser userID: String) throws -> [UserGroup]

    func environment(id: String, accountID: String) throws -> ProductEnvironment?
    func environment(cloudName: String) throws -> ProductEnvironment?
    func environments(_ query: EnvironmentQuery) throws -> [ProductEnvironment]

    func accessKey(apiKey: String, subAccountID: String) throws -> AccessKey?
    /// All keys of the environment, unpaged, in creation order.
    func accessKeys(subAccountID: String) throws -> [AccessKey]
    /// One page of keys plus the total count.
    func accessKeys(_ query: AccessKeyQuery) throws -> (keys: [AccessKey], total: Int)

    /// The key with this value in any environment of any account (API keys are globally unique).
    func accessKey(apiKey: String) throws -> AccessKey?
    func provisioningKeys(accountID: String) throws -> [ProvisioningKey]

    // Permissions
    func customRoles(accountID: String) throws -> [Role]
    func customRole(id: String, accountID: String) throws -> Role?
    func customRole(named name: String, accountID: String) throws -> Role?
    /// Assignments of the account, optionally narrowed to one role and/or one principal.
    func assignments(accountID: String, roleID: String?, principal: Principal?) throws -> [RoleAssignment]
    /// The assignments held directly by these users.
    func assignments(accountID: String, userIDs: [String]) throws -> [RoleAssignment]
    func customPolicies(accountID: String) throws -> [CustomPolicy]
    func customPolicy(id: String, accountID: String) throws -> CustomPolicy?

    // Folders
    func folder(externalID: String, environmentID: String) throws -> Folder?
    func folder(path: String, environmentID: String) throws -> Folder?
    /// Direct subfolders of the folder with this external id (nil: the root folders), ordered by name.
    func folders(parentID: String?, environmentID: String) throws -> [Folder]
    /// Every folder strictly below `path`, shallowest first.
    func folders(below path: String, environmentID: String) throws -> [Folder]
    /// Every folder of the environment, ordered by path.
    func folders(environmentID: String) throws -> [Folder]
    /// One page of the folders the query names, in its order with ties broken by path (as `FolderSearch.sorted`),
    /// and how many it names in all.
    func folderPage(_ query: FolderPageQuery) throws -> FolderPage

    // Collections
    func collection(externalID: String, environmentID: String) throws -> AssetCollection?
    /// The collection with this name, compared case-insensitively (`CollectionRules.key`).
    func collection(named name: String, environmentID: String) throws -> AssetCollection?
    /// Every collection of the environment, ordered by name (case-insensitively), then external id.
    func collections(environmentID: String) throws -> [AssetCollection]
}
