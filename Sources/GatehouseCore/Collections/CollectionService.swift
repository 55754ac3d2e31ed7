import Foundation

/// The Admin API's collection operations for one product environment: the registry collection roles
/// (`policy_parameters: {"collection_id": …}`) are held on. Each operation is decided by the Cedar engine for
/// the calling API key (`CollectionService+Authorization`) inside one store transaction, so a check and the
/// write it guards see the same collections and roles.
public struct CollectionService: Sendable {
    public let store: GuardedStore
    public let decisions: DecisionService
    public let ids: IdentifierGenerator
    public let now: @Sendable () -> Date

    public init(
        decisions: DecisionService, ids: IdentifierGenerator = .init(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = decisions.permissions.store
        self.decisions = decisions
        self.ids = ids
        self.now = now
    }

    var permissions: PermissionsService { decisions.permissions }

    // MARK: Listing and reading

    /// The environment's collections the key may `read`, by name. Listing needs no permission of its own:
    /// a key without any collection permission gets an empty list, not a 403.
    public func list(caller: EnvironmentCaller) async throws -> [AssetCollection] {
        try await list(visibleTo: caller.principal, environmentID: caller.environmentID, accountID: caller.accountID)
    }

    /// The collections any principal may `read` in the environment: what a Console user or group would see
    /// through its collection roles (keys cannot hold those; they see collections through global roles).
    public func list(visibleTo principal: Principal, environmentID: String, accountID: String) async throws -> [AssetCollection] {
        try await store.read { db in
            let all = try db.collections(environmentID: environmentID)
            let allowed = try self.decisions.decideEach(
                "read", on: all.map(Self.resource), principal: principal, scopeID: environmentID, accountID: accountID, in: db)
            return zip(all, allowed).compactMap { $1 ? $0 : nil }
        }
    }

    /// One collection; needs `read` on it.
    public func get(_ externalID: String, caller: EnvironmentCaller) async throws -> AssetCollection {
        try await store.read { db in try self.requireAllowed("read", externalID, caller: caller, in: db) }
    }

    // MARK: Create, rename, delete

    /// Creates a collection. Like a new folder, it is judged with its new external id already given, so only
    /// a global permission (e.g. Manage all collections) can allow it: no collection role names it yet.
    public func create(name rawName: String, caller: EnvironmentCaller) async throws -> AssetCollection {
        let name = try CollectionRules.validate(name: rawName)
        let time = now()
        let collection = AssetCollection(
            externalID: ids.externalID(), environmentID: caller.environmentID, name: name, createdBy: caller.principal, createdAt: time,
            updatedAt: time)
        return try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            try self.decisions.ensureAllowed("create", on: Self.resource(collection), caller: caller, in: db)
            try self.ensureNameFree(name, except: nil, caller: caller, in: db)
            try db.insert(collection)
            return collection
        }
    }

    /// Renames a collection (`update` on it); the external id, and so its roles, stay.
    public func rename(_ externalID: String, to rawName: String, caller: EnvironmentCaller) async throws -> AssetCollection {
        let name = try CollectionRules.validate(name: rawName)
        let time = now()
        return try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            var collection = try self.requireAllowed("update", externalID, caller: caller, in: db)
            guard collection.name != name else { return collection }
            try self.ensureNameFree(name, except: externalID, caller: caller, in: db)
            collection.name = name
            collection.updatedAt = time
            try db.update(collection)
            return collection
        }
    }

    /// Deletes a collection (`delete` on it) and, in the same transaction, every role assignment bound to it.
    public func delete(_ externalID: String, caller: EnvironmentCaller) async throws -> AssetCollection {
        try await store.acting(as: .principal(caller.principal)).write(accountID: caller.accountID) { db in
            let collection = try self.requireAllowed("delete", externalID, caller: caller, in: db)
            try db.deleteAssignments(boundTo: ContentInstance(kind: .collectionID, id: externalID), accountID: caller.accountID)
            try db.deleteCollection(externalID: externalID, environmentID: caller.environmentID)
            return collection
        }
    }

    // MARK: Helpers

    /// The collection, once the caller is allowed `action` on it. Permission comes before existence: a
    /// collection's Cedar resource is its id alone, so the question is the same whether it exists or not, and
    /// a caller without rights gets the same 403 either way.
    func requireAllowed(_ action: String, _ externalID: String, caller: EnvironmentCaller, in db: any StoreReader) throws -> AssetCollection {
        try decisions.ensureAllowed(action, on: Self.resource(id: externalID), caller: caller, in: db)
        return try require(externalID, caller: caller, in: db)
    }

    func require(_ externalID: String, caller: EnvironmentCaller, in db: any StoreReader) throws -> AssetCollection {
        guard let collection = try db.collection(externalID: externalID, environmentID: caller.environmentID) else {
            throw GatehouseError.notFound(kind: .collection, id: externalID)
        }
        return collection
    }

    /// Names are unique per environment, case-insensitively (409).
    func ensureNameFree(_ name: String, except externalID: String?, caller: EnvironmentCaller, in db: any StoreReader) throws {
        if let other = try db.collection(named: name, environmentID: caller.environmentID), other.externalID != externalID {
            throw GatehouseError.conflict("Collection \(other.name) already exists")
        }
    }
}
