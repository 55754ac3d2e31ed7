import Foundation

/// The Provisioning API's operations in domain terms: each runs in one store transaction and applies the
/// rules (`EmailRule`, `SeatPolicy`, `UserLifecycle`, …) before writing anything.
public struct ProvisioningService: Sendable {
    public private(set) var store: GuardedStore
    /// Maps legacy `role` values to the system-role assignments kept in step with them.
    public var catalog: Catalog { store.catalog }
    /// Invitations go out with the user's creation, in the same transaction.
    public let links: LinkMailer
    public let ids: IdentifierGenerator
    public let now: @Sendable () -> Date

    public init(store: GuardedStore, links: LinkMailer, ids: IdentifierGenerator = .init(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.links = links
        self.ids = ids
        self.now = now
    }

    /// The same service, writing for `caller` (writes are refused until a caller is named).
    public func acting(as caller: Caller) -> ProvisioningService {
        var copy = self
        copy.store = store.acting(as: caller)
        return copy
    }

    // MARK: Users

    public func users(_ query: UserQuery) async throws -> [User] {
        try await store.read { db in
            if let env = query.subAccountID, try db.environment(id: env, accountID: query.accountID) == nil {
                throw GatehouseError.notFound(kind: .subAccount, id: env)
            }
            return try db.users(query)
        }
    }

    /// How these users sign in and their email preferences, for the user object.
    public func signInFacts(of users: [User]) async throws -> [String: SignInFacts] {
        let ids = users.map(\.id)
        return try await store.read { db in try db.signInFacts(userIDs: ids) }
    }

    public func user(id: String, accountID: String) async throws -> UserDetails {
        try await store.read { db in
            let user = try Self.requireUser(id, accountID, db)
            return UserDetails(user: user, groupCount: try db.groups(ofUser: id).count)
        }
    }

    public func createUser(_ request: NewUser, accountID: String) async throws -> User {
        try await store.write(accountID: accountID) { db in try self.createUser(request, accountID: accountID, in: db) }
    }

    /// The user creation inside the caller's transaction, for doors that write more beside it (SCIM).
    public func createUser(_ request: NewUser, accountID: String, in db: any StoreWriter) throws -> User {
        let name = try FieldRules.name(request.name)
        let email = try EmailRule.validated(request.email)
        let role = request.role ?? LegacyRole.defaultForNewUser
        let access = EnvironmentAccessRule.access(role: role, requested: request.subAccountIDs)
        let timestamp = now()
        let account = try Self.requireAccount(accountID, db)
        try EnvironmentAccessRule.ensureExist(access.ids, accountID: accountID, in: db)
        try EmailRule.ensureAvailable(email, in: db)
        try SeatPolicy.ensureSeatAvailable(for: account, in: db)
        let user = User(
            id: ids.userID(), accountID: accountID, name: name, email: email, role: role, status: .pending,
            enabled: request.enabled ?? true, subAccountIDs: access.ids, allSubAccounts: access.all,
            createdAt: timestamp, updatedAt: timestamp)
        try db.insert(user)
        try LegacyRoleSync.apply(to: user, catalog: catalog, in: db, at: timestamp)
        try links.inviteNewUser(user, in: db, at: timestamp)
        return user
    }

    public func updateUser(id: String, accountID: String, changes: UserChanges) async throws -> User {
        try await store.write(accountID: accountID) { db in try self.updateUser(id: id, accountID: accountID, changes: changes, in: db) }
    }

    /// The update inside the caller's transaction. Disabling a user also ends its sessions (SCIM's suspend).
    public func updateUser(id: String, accountID: String, changes: UserChanges, in db: any StoreWriter) throws -> User {
        let name = try changes.name.map { try FieldRules.name($0) }
        let email = try changes.email.map { try EmailRule.validated($0) }
        let timestamp = now()
        var user = try Self.requireUser(id, accountID, db)
        try UserLifecycle.ensureMutable(user)
        if let role = changes.role, user.root, role != .masterAdmin {
            throw GatehouseError.notAllowed("The account owner (root user) is always a Master Admin")
        }
        if let name { user.name = name }
        if let email, EmailRule.canonical(email) != EmailRule.canonical(user.email) {
            try EmailRule.ensureAvailable(email, exceptUserID: id, in: db)
            user.email = email
        } else if let email {
            user.email = email
        }
        if let role = changes.role { user.role = role }
        if let enabled = changes.enabled {
            if user.root && !enabled { throw GatehouseError.notAllowed("The account owner (root user) cannot be disabled") }
            if user.enabled && !enabled { try db.deleteSessions(userID: id) }
            user.enabled = enabled
        }
        if changes.subAccountIDs != nil || user.role == .masterAdmin {
            let requested = changes.subAccountIDs ?? (user.allSubAccounts ? nil : user.subAccountIDs)
            let access = EnvironmentAccessRule.access(role: user.role, requested: requested)
            try EnvironmentAccessRule.ensureExist(access.ids, accountID: accountID, in: db)
            user.subAccountIDs = access.ids
            user.allSubAccounts = access.all
        }
        user.updatedAt = timestamp
        try db.update(user)
        if changes.role != nil || changes.subAccountIDs != nil {
            try LegacyRoleSync.apply(to: user, catalog: catalog, in: db, at: timestamp)
        }
        return user
    }

    /// Marks the user inactive for good, frees its seat and email, and drops its group memberships.
    public func deleteUser(id: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in try self.deleteUser(id: id, accountID: accountID, in: db) }
    }

    /// The deletion inside the caller's transaction.
    public func deleteUser(id: String, accountID: String, in db: any StoreWriter) throws {
        let timestamp = now()
        var user = try Self.requireUser(id, accountID, db)
        try UserLifecycle.ensureDeletable(user)
        guard !user.isDeleted else { return }
        for group in try db.groups(ofUser: id) { try db.removeMember(userID: id, groupID: group.id) }
        try db.deleteAssignments(of: Principal(type: .user, id: id), accountID: accountID)
        // A deleted user can never sign in again: sessions, links and the password go with it.
        try db.deleteSessions(userID: id)
        try db.deleteTokens(userID: id, kind: .invitation)
        try db.deleteTokens(userID: id, kind: .reset)
        try db.setPasswordHash(nil, userID: id, at: timestamp)
        user.status = .inactive
        user.enabled = false
        user.updatedAt = timestamp
        try db.update(user)
    }

    public func groups(ofUser id: String, accountID: String) async throws -> [UserGroup] {
        try await store.read { db in
            _ = try Self.requireUser(id, accountID, db)
            return try db.groups(ofUser: id)
        }
    }

    public func environments(ofUser id: String, accountID: String) async throws -> [ProductEnvironment] {
        try await store.read { db in
            let user = try Self.requireUser(id, accountID, db)
            let all = try db.environments(EnvironmentQuery(accountID: accountID))
            return all.filter { EnvironmentAccessRule.reaches(user, environmentID: $0.id) }
        }
    }

    // MARK: User groups

    public func groups(accountID: String) async throws -> [UserGroup] {
        try await store.read { db in try db.groups(accountID: accountID) }
    }

    public func group(id: String, accountID: String) async throws -> (UserGroup, [User]) {
        try await store.read { db in
            let group = try Self.requireGroup(id, accountID, db)
            return (group, try db.members(ofGroup: id))
        }
    }

    public func groupsWithMembers(accountID: String) async throws -> [(UserGroup, [User])] {
        try await store.read { db in
            try db.groups(accountID: accountID).map { ($0, try db.members(ofGroup: $0.id)) }
        }
    }

    public func createGroup(name rawName: String, accountID: String) async throws -> UserGroup {
        try await store.write(accountID: accountID) { db in try self.createGroup(name: rawName, accountID: accountID, in: db) }
    }

    /// The group creation inside the caller's transaction.
    public func createGroup(name rawName: String, accountID: String, in db: any StoreWriter) throws -> UserGroup {
        let name = try FieldRules.name(rawName)
        let timestamp = now()
        _ = try Self.requireAccount(accountID, db)
        try Self.ensureGroupNameFree(name, accountID: accountID, exceptID: nil, db)
        let group = UserGroup(id: ids.groupID(), accountID: accountID, name: name, createdAt: timestamp, updatedAt: timestamp)
        try db.insert(group)
        return group
    }

    public func updateGroup(id: String, accountID: String, name rawName: String?) async throws -> (UserGroup, [User]) {
        let name = try rawName.map { try FieldRules.name($0) }
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            var group = try Self.requireGroup(id, accountID, db)
            if let name {
                try Self.ensureGroupNameFree(name, accountID: accountID, exceptID: id, db)
                group.name = name
                group.updatedAt = timestamp
                try db.update(group)
            }
            return (group, try db.members(ofGroup: id))
        }
    }

    public func deleteGroup(id: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireGroup(id, accountID, db)
            try db.deleteAssignments(of: Principal(type: .group, id: id), accountID: accountID)
            try db.deleteGroup(id: id)
        }
    }

    /// Adds the user (idempotent) and returns the added user with the group's members.
    public func addUser(_ userID: String, toGroup groupID: String, accountID: String) async throws -> (User, [User]) {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireGroup(groupID, accountID, db)
            let user = try Self.requireUser(userID, accountID, db)
            try UserLifecycle.ensureMutable(user)
            if try !db.members(ofGroup: groupID).contains(where: { $0.id == userID }) {
                try db.addMember(userID: userID, groupID: groupID)
            }
            return (user, try db.members(ofGroup: groupID))
        }
    }

    /// Removes the user and returns the remaining members.
    public func removeUser(_ userID: String, fromGroup groupID: String, accountID: String) async throws -> [User] {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireGroup(groupID, accountID, db)
            _ = try Self.requireUser(userID, accountID, db)
            guard try db.members(ofGroup: groupID).contains(where: { $0.id == userID }) else {
                throw GatehouseError.notFound(kind: .user, id: "\(userID) in user group \(groupID)")
            }
            try db.removeMember(userID: userID, groupID: groupID)
            return try db.members(ofGroup: groupID)
        }
    }

    // MARK: Product environments

    public func environments(_ query: EnvironmentQuery) async throws -> [(ProductEnvironment, [AccessKey])] {
        try await store.read { db in
            try db.environments(query).map { ($0, try db.accessKeys(subAccountID: $0.id)) }
        }
    }

    public func environment(id: String, accountID: String) async throws -> (ProductEnvironment, [AccessKey]) {
        try await store.read { db in
            let env = try Self.requireEnvironment(id, accountID, db)
            return (env, try db.accessKeys(subAccountID: id))
        }
    }

    /// Creates the environment with one enabled access key, as Cloudinary does.
    public func createEnvironment(_ request: NewEnvironment, accountID: String) async throws -> (ProductEnvironment, [AccessKey]) {
        let name = try FieldRules.name(request.name)
        let cloudName = try request.cloudName.map { try CloudNameRule.validated($0) } ?? ids.cloudName()
        let description = try request.description.map { try FieldRules.name($0, field: "description") }
        let timestamp = now()
        let id = ids.environmentID()
        let key = AccessKey(
            apiKey: ids.apiKey(), apiSecret: ids.secret(), subAccountID: id, name: "Root", createdAt: timestamp,
            updatedAt: timestamp)
        return try await store.write(accountID: accountID) { db in
            _ = try Self.requireAccount(accountID, db)
            try CloudNameRule.ensureAvailable(cloudName, in: db)
            var base: ProductEnvironment?
            if let baseID = request.baseSubAccountID {
                guard let found = try db.environment(id: baseID, accountID: accountID) else {
                    throw GatehouseError.invalidField(field: "base_sub_account_id", reason: "names unknown product environment \(baseID)")
                }
                base = found
            }
            let env = ProductEnvironment(
                id: id, accountID: accountID, name: name, cloudName: cloudName,
                description: description ?? base?.description, enabled: request.enabled ?? true,
                customAttributes: request.customAttributes ?? base?.customAttributes ?? [:],
                baseSubAccountID: base?.id, createdAt: timestamp, updatedAt: timestamp)
            try db.insert(env)
            try db.insert(key)
            return (env, [key])
        }
    }

    public func updateEnvironment(id: String, accountID: String, changes: EnvironmentChanges) async throws -> (ProductEnvironment, [AccessKey]) {
        let name = try changes.name.map { try FieldRules.name($0) }
        let cloudName = try changes.cloudName.map { try CloudNameRule.validated($0) }
        let description = try changes.description.map { try FieldRules.name($0, field: "description") }
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            var env = try Self.requireEnvironment(id, accountID, db)
            if let name { env.name = name }
            if let cloudName, cloudName != env.cloudName {
                try CloudNameRule.ensureAvailable(cloudName, exceptID: id, in: db)
                env.cloudName = cloudName
            }
            if let description { env.description = description }
            if let attributes = changes.customAttributes { env.customAttributes = attributes }
            if let enabled = changes.enabled { env.enabled = enabled }
            env.updatedAt = timestamp
            try db.update(env)
            return (env, try db.accessKeys(subAccountID: id))
        }
    }

    public func deleteEnvironment(id: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireEnvironment(id, accountID, db)
            for key in try db.accessKeys(subAccountID: id) {
                try db.deleteAssignments(of: Principal(type: .apiKey, id: key.apiKey), accountID: accountID)
            }
            for assignment in try db.assignments(accountID: accountID, roleID: nil, principal: nil) where assignment.scopeID == id {
                try db.delete(assignment)
            }
            try db.deleteEnvironment(id: id)
        }
    }

    // MARK: Access keys

    public func accessKeys(_ query: AccessKeyQuery, accountID: String) async throws -> (keys: [AccessKey], total: Int) {
        try await store.read { db in
            _ = try Self.requireEnvironment(query.subAccountID, accountID, db)
            return try db.accessKeys(query)
        }
    }

    public func generateAccessKey(subAccountID: String, accountID: String, name rawName: String?, enabled: Bool?) async throws -> AccessKey {
        let name = try rawName.map { try FieldRules.name($0) }
        let timestamp = now()
        let key = AccessKey(
            apiKey: ids.apiKey(), apiSecret: ids.secret(), subAccountID: subAccountID, name: name,
            enabled: enabled ?? true, createdAt: timestamp, updatedAt: timestamp)
        return try await store.write(accountID: accountID) { db in
            _ = try Self.requireEnvironment(subAccountID, accountID, db)
            if let name { try Self.ensureKeyNameFree(name, subAccountID: subAccountID, exceptKey: nil, db) }
            try db.insert(key)
            return key
        }
    }

    public func updateAccessKey(_ apiKey: String, subAccountID: String, accountID: String, changes: AccessKeyChanges) async throws -> AccessKey {
        let name = try changes.name.map { try FieldRules.name($0) }
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            _ = try Self.requireEnvironment(subAccountID, accountID, db)
            guard var key = try db.accessKey(apiKey: apiKey, subAccountID: subAccountID) else {
                throw GatehouseError.notFound(kind: .accessKey, id: apiKey)
            }
            if let name {
                try Self.ensureKeyNameFree(name, subAccountID: subAccountID, exceptKey: apiKey, db)
                key.name = name
            }
            if let enabled = changes.enabled { key.enabled = enabled }
            if let dedicated = changes.dedicatedForWebhooks {
                if dedicated {
                    for var other in try db.accessKeys(subAccountID: subAccountID) where other.dedicatedForWebhooks && other.apiKey != apiKey {
                        other.dedicatedForWebhooks = false
                        other.updatedAt = timestamp
                        try db.update(other)
                    }
                }
                key.dedicatedForWebhooks = dedicated
            }
            key.updatedAt = timestamp
            try db.update(key)
            return key
        }
    }

    public func deleteAccessKey(_ apiKey: String, subAccountID: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireEnvironment(subAccountID, accountID, db)
            guard try db.accessKey(apiKey: apiKey, subAccountID: subAccountID) != nil else {
                throw GatehouseError.notFound(kind: .accessKey, id: apiKey)
            }
            try db.deleteAccessKey(apiKey: apiKey, subAccountID: subAccountID)
            try db.deleteAssignments(of: Principal(type: .apiKey, id: apiKey), accountID: accountID)
        }
    }

    public func deleteAccessKey(named name: String, subAccountID: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            _ = try Self.requireEnvironment(subAccountID, accountID, db)
            let matching = try db.accessKeys(subAccountID: subAccountID).filter { $0.name == name }
            guard !matching.isEmpty else { throw GatehouseError.notFound(kind: .accessKey, id: "named \(name)") }
            for key in matching {
                try db.deleteAccessKey(apiKey: key.apiKey, subAccountID: subAccountID)
                try db.deleteAssignments(of: Principal(type: .apiKey, id: key.apiKey), accountID: accountID)
            }
        }
    }

    // MARK: Usage

    public func usage(accountID: String) async throws -> UsageReport {
        try await store.read { db in
            let account = try Self.requireAccount(accountID, db)
            let environments = try db.environments(EnvironmentQuery(accountID: accountID))
            var keys: [String: Int] = [:]
            var users: [String: Int] = [:]
            for env in environments {
                keys[env.id] = try db.accessKeys(subAccountID: env.id).count
                var query = UserQuery(accountID: accountID)
                query.subAccountID = env.id
                users[env.id] = try db.users(query).filter { !$0.isDeleted }.count
            }
            return UsageReport(
                account: account, seatsUsed: try db.seatsUsed(accountID: accountID),
                seatLimit: SeatPolicy.limit(of: account), environments: environments,
                accessKeysPerEnvironment: keys, usersPerEnvironment: users)
        }
    }

    // MARK: Lookups shared by the operations above

    public static func requireAccount(_ id: String, _ db: any StoreReader) throws -> Account {
        guard let account = try db.account(id: id) else { throw GatehouseError.notFound(kind: .account, id: id) }
        return account
    }

    public static func requireUser(_ id: String, _ accountID: String, _ db: any StoreReader) throws -> User {
        guard let user = try db.user(id: id, accountID: accountID) else { throw GatehouseError.notFound(kind: .user, id: id) }
        return user
    }

    public static func requireGroup(_ id: String, _ accountID: String, _ db: any StoreReader) throws -> UserGroup {
        guard let group = try db.group(id: id, accountID: accountID) else {
            throw GatehouseError.notFound(kind: .userGroup, id: id)
        }
        return group
    }

    static func requireEnvironment(_ id: String, _ accountID: String, _ db: any StoreReader) throws -> ProductEnvironment {
        guard let env = try db.environment(id: id, accountID: accountID) else {
            throw GatehouseError.notFound(kind: .subAccount, id: id)
        }
        return env
    }

    public static func ensureGroupNameFree(_ name: String, accountID: String, exceptID: String?, _ db: any StoreReader) throws {
        if let other = try db.group(named: name, accountID: accountID), other.id != exceptID {
            throw GatehouseError.conflict("User group named \(name) already exists")
        }
    }

    static func ensureKeyNameFree(_ name: String, subAccountID: String, exceptKey: String?, _ db: any StoreReader) throws {
        if try db.accessKeys(subAccountID: subAccountID).contains(where: { $0.name == name && $0.apiKey != exceptKey }) {
            throw GatehouseError.conflict("Access key named \(name) already exists in this product environment")
        }
    }
}
