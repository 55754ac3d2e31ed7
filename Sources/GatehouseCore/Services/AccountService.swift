import Foundation

/// Account-level administration: the first-start bootstrap, credential checks and seat settings.
public struct AccountService: Sendable {
    public private(set) var store: GuardedStore
    public var catalog: Catalog { store.catalog }
    public let links: LinkMailer
    public let hasher: PasswordHasher
    public let ids: IdentifierGenerator
    public let now: @Sendable () -> Date
    /// Shared with `DecisionService`: authenticated keys are kept there beside the grants.
    public let derived: DecisionCache

    /// Seats a new account's plan includes until `gatehouse account` changes it.
    public static let defaultPlanUserLimit = 50

    public init(
        store: GuardedStore, links: LinkMailer, hasher: PasswordHasher, ids: IdentifierGenerator = .init(),
        now: @escaping @Sendable () -> Date = { Date() }, derived: DecisionCache = DecisionCache()
    ) {
        self.derived = derived
        self.store = store
        self.links = links
        self.hasher = hasher
        self.ids = ids
        self.now = now
    }

    /// The same service, writing for `caller`. Bootstrap and seats are the operator's (`Caller.local`).
    public func acting(as caller: Caller) -> AccountService {
        var copy = self
        copy.store = store.acting(as: caller)
        return copy
    }

    /// Creates the single account on an empty store: the account, its Master Admin (`root`) user, a first
    /// product environment with a key, and a provisioning key. Returns nil when an account already exists.
    public func bootstrapIfEmpty(
        credentials requested: AccountCredentials?, adminEmail: String, adminName: String, accountName: String
    ) async throws -> AccountCredentials? {
        let credentials = requested ?? AccountCredentials(key: ids.apiKey(), secret: ids.secret(), accountID: ids.accountID())
        let email = try EmailRule.validated(adminEmail, field: "admin email")
        let timestamp = now()
        let salt = ids.salt()
        let envID = ids.environmentID()
        let userID = ids.userID()
        let cloudName = ids.cloudName()
        let envKey = AccessKey(
            apiKey: ids.apiKey(), apiSecret: ids.secret(), subAccountID: envID, name: "Root", createdAt: timestamp,
            updatedAt: timestamp)
        return try await store.write(accountID: credentials.accountID) { db in
            guard try db.accounts().isEmpty else { return nil }
            try db.insert(Account(
                id: credentials.accountID, name: accountName, planUserLimit: Self.defaultPlanUserLimit,
                additionalUserSubscriptions: 0, createdAt: timestamp))
            try db.insert(ProvisioningKey(
                key: credentials.key, accountID: credentials.accountID, name: "Bootstrap", secretSalt: salt,
                secretHash: SecretHasher.hash(secret: credentials.secret, salt: salt), createdAt: timestamp))
            let root = User(
                id: userID, accountID: credentials.accountID, name: adminName, email: email, role: .masterAdmin,
                status: .active, root: true, createdAt: timestamp, updatedAt: timestamp)
            try db.insert(root)
            try LegacyRoleSync.apply(to: root, catalog: self.catalog, in: db, at: timestamp)
            try db.insert(ProductEnvironment(
                id: envID, accountID: credentials.accountID, name: "Main", cloudName: cloudName,
                createdAt: timestamp, updatedAt: timestamp))
            try db.insert(envKey)
            // The bootstrap key administers the account: it holds Master Admin at account level.
            try db.insert(RoleAssignment(
                accountID: credentials.accountID, roleID: AssignmentRules.masterAdminAccountRoleID,
                principal: Principal(type: .provisioningKey, id: credentials.key), scopeID: nil, instance: nil,
                source: .explicit, createdAt: timestamp, updatedAt: timestamp))
            return credentials
        }
    }

    /// The owner's first password: `password` when given (GATEHOUSE_ADMIN_PASSWORD), else a one-time link to
    /// set it, to print. Nil when the owner has a password already.
    public func setUpOwnerPassword(accountID: String, password: String?) async throws -> String? {
        guard let owner = try await store.read({ db in try db.users(UserQuery(accountID: accountID)).first { $0.root } }) else {
            throw GatehouseError.notFound(kind: .user, id: "root")
        }
        if try await store.read({ db in try db.passwordHash(userID: owner.id) }) != nil { return nil }
        let timestamp = now()
        if let password {
            try PasswordPolicy.check(password, email: owner.email, field: "GATEHOUSE_ADMIN_PASSWORD")
            let hash = try await hasher.hash(password)
            try await store.write(accountID: accountID) { db in try db.setPasswordHash(hash, userID: owner.id, at: timestamp) }
            return nil
        }
        return try await store.write(accountID: accountID) { db in try self.links.ownerPasswordLink(for: owner, in: db, at: timestamp) }
    }

    /// Returns the key when `key`/`secret` are a valid, enabled provisioning key pair.
    /// Every account-API request asks this, so the key's row is kept (`DecisionCache`) while the key's stamp
    /// holds (creating or revoking a key stamps it): then it costs one small read in place, which also
    /// serves the request's enforcement (`AuthenticatedKey.stamp`).
    public func authenticate(key: String, secret: String) async throws -> AuthenticatedKey {
        let principal = Principal(type: .provisioningKey, id: key)
        let found: AuthenticatedKey
        if let kept = try derived.credential(key, stampsNow: { accountID in
            try store.readNow { db in try db.standingStamps(accountID: accountID, principal: principal) }
        }) {
            found = kept
        } else {
            // Row and stamp from one snapshot, so a row is never kept under a stamp newer than itself.
            guard let read = try await store.read({ db in
                try db.provisioningKey(key: key).map { row in
                    let stamps = try db.standingStamps(accountID: row.accountID, principal: principal)
                    return AuthenticatedKey(key: row, stamp: stamps.principal, generation: stamps.generation)
                }
            }) else { throw GatehouseError.unauthenticated }
            derived.keepCredential(read)
            found = read
        }
        // A SCIM token is a bearer credential for `/scim/v2` only.
        guard found.key.enabled, found.key.purpose == .api,
              SecretHasher.verify(secret: secret, salt: found.key.secretSalt, expected: found.key.secretHash)
        else { throw GatehouseError.unauthenticated }
        return found
    }

    public func accounts() async throws -> [Account] {
        try await store.read { db in try db.accounts() }
    }

    /// Sets the plan's user limit and/or the additional user subscriptions.
    public func setSeats(accountID: String, planUserLimit: Int?, additionalUserSubscriptions: Int?) async throws -> Account {
        try await store.write(accountID: accountID) { db in
            var account = try ProvisioningService.requireAccount(accountID, db)
            account.planUserLimit = planUserLimit ?? account.planUserLimit
            account.additionalUserSubscriptions = additionalUserSubscriptions ?? account.additionalUserSubscriptions
            try SeatPolicy.validate(
                planUserLimit: account.planUserLimit, additionalUserSubscriptions: account.additionalUserSubscriptions)
            try db.update(account)
            return account
        }
    }

    /// Whether every user must sign in with a second factor.
    public func setRequireTwoFactor(accountID: String, required: Bool) async throws -> Account {
        try await store.write(accountID: accountID) { db in
            var account = try ProvisioningService.requireAccount(accountID, db)
            account.requireTwoFactor = required
            try db.update(account)
            return account
        }
    }

    /// Creates another account (provisioning) key. It starts with no roles: give it some through the
    /// Permissions API. Returns the credentials; the secret is not kept and cannot be shown again.
    public func createProvisioningKey(accountID: String, name: String?) async throws -> AccountCredentials {
        let credentials = AccountCredentials(key: ids.apiKey(), secret: ids.secret(), accountID: accountID)
        let salt = ids.salt()
        let timestamp = now()
        try await store.write(accountID: accountID) { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            try db.insert(ProvisioningKey(
                key: credentials.key, accountID: accountID, name: name, secretSalt: salt,
                secretHash: SecretHasher.hash(secret: credentials.secret, salt: salt), createdAt: timestamp))
        }
        return credentials
    }

    /// Marks a pending user active without its invitation (an operator's shortcut, e.g. when moving users in):
    /// the user still has no password until it follows its invitation or a reset link.
    public func activateUser(email: String) async throws -> User {
        let canonical = EmailRule.canonical(email)
        let timestamp = now()
        guard let found = try await store.read({ db in try db.liveUser(email: canonical) }) else {
            throw GatehouseError.notFound(kind: .user, id: email)
        }
        return try await store.write(accountID: found.accountID) { db in
            guard var user = try db.user(id: found.id, accountID: found.accountID), !user.isDeleted else {
                throw GatehouseError.notFound(kind: .user, id: email)
            }
            user.status = .active
            user.updatedAt = timestamp
            try db.update(user)
            return user
        }
    }
}
