/// Which product environments a user reaches. Master Admins always reach all of them; others reach either
/// all (no list given) or exactly the listed ones.
public enum EnvironmentAccessRule {
    /// Normalizes a requested access list for a role; returns (ids, all).
    public static func access(role: LegacyRole, requested: [String]?) -> (ids: [String], all: Bool) {
        if role == .masterAdmin { return ([], true) }
        guard let requested else { return ([], true) }
        var seen = Set<String>()
        return (requested.filter { seen.insert($0).inserted }, false)
    }

    /// Every listed id must be an environment of the account.
    public static func ensureExist(_ ids: [String], accountID: String, in store: any StoreReader) throws {
        for id in ids where try store.environment(id: id, accountID: accountID) == nil {
            throw GatehouseError.invalidField(field: "sub_account_ids", reason: "names unknown product environment \(id)")
        }
    }

    public static func reaches(_ user: User, environmentID: String) -> Bool {
        reachesAll(user) || user.subAccountIDs.contains(environmentID)
    }

    public static func reachesAll(_ user: User) -> Bool {
        user.role == .masterAdmin || user.allSubAccounts
    }
}
