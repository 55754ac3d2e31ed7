import Foundation

/// The Permissions API's operations in domain terms. System roles and policies come from the catalog;
/// custom roles, assignments and custom policies from the store, each request in one transaction.
public struct PermissionsService: Sendable {
    public private(set) var store: GuardedStore
    public var catalog: Catalog { store.catalog }
    public let checker: StatementChecker
    public let ids: IdentifierGenerator
    public let now: @Sendable () -> Date

    public init(
        store: GuardedStore, checker: StatementChecker, ids: IdentifierGenerator = .init(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.checker = checker
        self.ids = ids
        self.now = now
    }

    /// The same service, writing for `caller` (writes are refused until a caller is named).
    public func acting(as caller: Caller) -> PermissionsService {
        var copy = self
        copy.store = store.acting(as: caller)
        return copy
    }

    /// A system or custom role of the account.
    func role(_ id: String, accountID: String, in db: any StoreReader) throws -> Role {
        if let system = catalog.role(id: id) { return system }
        guard let custom = try db.customRole(id: id, accountID: accountID) else {
            throw GatehouseError.notFound(kind: .role, id: id)
        }
        return custom
    }

    /// The role an assignment names, nil when no such role exists; any other failure (a damaged row) propagates
    /// instead of making the assignment silently disappear.
    func roleIfPresent(_ id: String, accountID: String, in db: any StoreReader) throws -> Role? {
        do {
            return try role(id, accountID: accountID, in: db)
        } catch GatehouseError.notFound {
            return nil
        }
    }

    /// The system policies of a role, in the role's order. A stored role naming a policy the catalog lacks
    /// is damaged data, refused rather than shown or decided with a policy less.
    public func policies(of role: Role) throws -> [SystemPolicy] {
        try role.systemPolicyIDs.map { id in
            guard let policy = catalog.policy(id: id) else {
                throw GatehouseError.corruptData("role \(role.id) names system policy \(id), which the catalog does not have")
            }
            return policy
        }
    }

    /// Ensures the principal exists in the account and can hold roles; returns the environment of an API key.
    func checkPrincipal(_ principal: Principal, accountID: String, in db: any StoreReader) throws -> String? {
        switch principal.type {
        case .user:
            guard let user = try db.user(id: principal.id, accountID: accountID) else {
                throw GatehouseError.notFound(kind: .user, id: principal.id)
            }
            try UserLifecycle.ensureMutable(user)
            return nil
        case .group:
            guard try db.group(id: principal.id, accountID: accountID) != nil else {
                throw GatehouseError.notFound(kind: .userGroup, id: principal.id)
            }
            return nil
        case .apiKey:
            guard let key = try db.accessKey(apiKey: principal.id),
                  try db.environment(id: key.subAccountID, accountID: accountID) != nil
            else { throw GatehouseError.notFound(kind: .accessKey, id: principal.id) }
            return key.subAccountID
        case .provisioningKey:
            guard try db.provisioningKeys(accountID: accountID).contains(where: { $0.key == principal.id }) else {
                throw GatehouseError.notFound(kind: .provisioningKey, id: principal.id)
            }
            return nil
        }
    }

    /// A scope id must be `all` or one of the account's environments.
    func checkScopeID(_ scopeID: String?, accountID: String, in db: any StoreReader) throws {
        guard let scopeID, scopeID != allProductEnvironments else { return }
        guard try db.environment(id: scopeID, accountID: accountID) != nil else {
            throw GatehouseError.notFound(kind: .subAccount, id: scopeID)
        }
    }
}
