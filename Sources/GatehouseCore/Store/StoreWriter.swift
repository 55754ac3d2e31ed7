/// Write access inside one store transaction; everything written commits together or not at all.
public protocol StoreWriter: StoreReader {
    func insert(_ account: Account) throws
    func update(_ account: Account) throws
    func insert(_ key: ProvisioningKey) throws

    func insert(_ user: User) throws
    func update(_ user: User) throws

    func insert(_ group: UserGroup) throws
    func update(_ group: UserGroup) throws
    func deleteGroup(id: String) throws
    func addMember(userID: String, groupID: String) throws
    func removeMember(userID: String, groupID: String) throws

    func insert(_ environment: ProductEnvironment) throws
    func update(_ environment: ProductEnvironment) throws
    /// Removes the environment, its keys and every user's access to it.
    func deleteEnvironment(id: String) throws

    func insert(_ key: AccessKey) throws
    func update(_ key: AccessKey) throws
    func deleteAccessKey(apiKey: String, subAccountID: String) throws
}
