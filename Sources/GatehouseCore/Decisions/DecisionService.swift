import Cedar
import Foundation

/// Answers "may this principal do this?" from the stored roles and policies with the Cedar engine, and
/// explains the answer: which policies decided it, through which group and role, and what was missing.
/// A principal's compiled grants are kept in `DecisionCache` while the store's stamp of its standing is
/// unchanged, so a check right after a write that touched it sees the write, and checks in between skip the
/// store except for one small read.
public struct DecisionService: Sendable {
    public let permissions: PermissionsService
    public let statements: StatementCache
    public let derived: DecisionCache

    public init(permissions: PermissionsService, statements: StatementCache = StatementCache(), derived: DecisionCache = DecisionCache()) {
        self.permissions = permissions
        self.statements = statements
        self.derived = derived
    }

    /// Answered on the calling thread when the principal's grants are compiled for its current standing
    /// (the common case), on the store's queue otherwise. `generation`: the store's write generation when
    /// the caller has just read it (`AuthenticatedKey`); a question answered at that same generation is
    /// answered again without a read.
    public func check(_ request: CheckRequest, accountID: String, generation: Int64? = nil) async throws -> CheckResult {
        guard request.whatIf.isEmpty else {
            return try await permissions.store.read { db in try self.check(request, accountID: accountID, in: db) }
        }
        let grantsKey = grantsKey(request.principal, request.scopeID, accountID)
        let key = DecisionCache.ResultKey(grants: grantsKey, action: request.action, resource: request.resource, context: request.context)
        if let generation, let known = derived.cachedResult(key, currentAt: generation) { return known }
        let answered = try permissions.store.readNow { db -> CheckResult? in
            let stamps = try db.standingStamps(accountID: accountID, principal: request.principal)
            let stamp = max(stamps.principal, stamps.roles)
            if let known = derived.cachedResult(key, stamp: stamp, generation: stamps.generation) { return known }
            guard let grants = derived.cachedGrants(grantsKey, stamp: stamps.principal) else { return nil }
            let result = try check(request, grants: grants, accountID: accountID, rolesStamp: stamps.roles, in: db)
            // Kept under the stamps read before it was worked out: a write in between makes it a miss next time.
            derived.keepResult(result, for: key, stamp: stamp, generation: stamps.generation)
            return result
        }
        if let answered { return answered }
        return try await permissions.store.read { db in try self.check(request, accountID: accountID, in: db) }
    }

    /// Just the decision, for enforcement (every account-API call asks one). A request that names its
    /// resource by type and id alone depends only on the store, so its decision is kept with the grants.
    /// `principalStamp`: the principal's stamp when the caller has just read it (`AuthenticatedKey`).
    public func isAllowed(_ request: CheckRequest, accountID: String, principalStamp: Int64? = nil) async throws -> Bool {
        guard request.whatIf.isEmpty, request.context.isEmpty, request.resource.attributes.isEmpty else {
            return try await check(request, accountID: accountID).decision == .allow
        }
        let grantsKey = grantsKey(request.principal, request.scopeID, accountID)
        let key = DecisionCache.DecisionKey(
            grants: grantsKey, action: request.action, resourceType: request.resource.type, resourceID: request.resource.id)
        if let principalStamp, let known = derived.cachedDecision(key, stamp: principalStamp) { return known }
        let cached = try permissions.store.readNow { db -> Bool? in
            let stamp = try stamp(of: request.principal, accountID: accountID, in: db)
            if let known = derived.cachedDecision(key, stamp: stamp) { return known }
            guard let grants = derived.cachedGrants(grantsKey, stamp: stamp) else { return nil }
            return try decide(request, key, grants: grants, accountID: accountID, in: db)
        }
        if let cached { return cached }
        return try await permissions.store.read { db in
            let grants = try self.grants(of: request.principal, scopeID: request.scopeID, accountID: accountID, in: db)
            return try self.decide(request, key, grants: grants, accountID: accountID, in: db)
        }
    }

    private func decide(
        _ request: CheckRequest, _ key: DecisionCache.DecisionKey, grants: CompiledGrants, accountID: String,
        in db: any StoreReader
    ) throws -> Bool {
        try derived.decision(key, stamp: grants.stamp) {
            try check(request, grants: grants, accountID: accountID, in: db).decision == .allow
        }
    }

    public func check(_ requests: [CheckRequest], accountID: String) async throws -> [CheckResult] {
        try await permissions.store.read { db in try requests.map { try self.check($0, accountID: accountID, in: db) } }
    }

    func check(_ request: CheckRequest, accountID: String, in db: any StoreReader) throws -> CheckResult {
        let grants = try grants(of: request.principal, scopeID: request.scopeID, whatIf: request.whatIf, accountID: accountID, in: db)
        return try check(request, grants: grants, accountID: accountID, in: db)
    }

    /// `rolesStamp`: the account's role-catalogue stamp when the caller has just read it.
    func check(
        _ request: CheckRequest, grants: CompiledGrants, accountID: String, rolesStamp: Int64? = nil, in db: any StoreReader
    ) throws -> CheckResult {
        let cedarRequest = try cedarRequest(request)
        let entities = try entities(grants, resource: request.resource, uid: cedarRequest.resource)
        let response = Authorizer().isAuthorized(cedarRequest, policies: grants.policies, entities: entities)
        let determining = response.reason.compactMap { id in
            grants.origins[id].map { CheckResult.Determining(policyID: id, effect: $0.effect, path: $0.path) }
        }
        let errors = response.errors.map { e in
            let source = grants.origins[e.policyId]?.path.last.map { "\($0.kind.rawValue) \($0.id)" } ?? e.policyId
            return "\(source): \(e.error)"
        }
        let decision: CheckResult.Decision = response.decision == .allow ? .allow : .deny
        let missing = decision == .deny && determining.isEmpty
            ? try missingPermissions(
                for: request, cedarRequest: cedarRequest, entities: entities, scopeType: request.scopeID == nil ? .account : .prodenv,
                accountID: accountID, rolesStamp: rolesStamp, in: db)
            : []
        return CheckResult(decision: decision, determining: determining, errors: errors, missing: missing, notes: grants.notes)
    }

    /// The principal's grants in the scope: from the cache when nothing they depend on was written since
    /// they were compiled, compiled afresh otherwise. Hypothetical (`what_if`) grants are never cached.
    func grants(
        of principal: Principal, scopeID: String?, whatIf: [RoleGrantRequest] = [], accountID: String, in db: any StoreReader
    ) throws -> CompiledGrants {
        let stamp = try stamp(of: principal, accountID: accountID, in: db)
        guard whatIf.isEmpty else {
            return try compileGrants(of: principal, scopeID: scopeID, whatIf: whatIf, accountID: accountID, stamp: stamp, in: db)
        }
        return try derived.grants(grantsKey(principal, scopeID, accountID), stamp: stamp) {
            try compileGrants(of: principal, scopeID: scopeID, whatIf: [], accountID: accountID, stamp: stamp, in: db)
        }
    }

    private func stamp(of principal: Principal, accountID: String, in db: any StoreReader) throws -> Int64 {
        try db.standingStamps(accountID: accountID, principal: principal).principal
    }

    private func grantsKey(_ principal: Principal, _ scopeID: String?, _ accountID: String) -> DecisionCache.GrantsKey {
        DecisionCache.GrantsKey(accountID: accountID, principal: principal, scopeID: scopeID)
    }

    func cedarRequest(_ request: CheckRequest) throws -> Cedar.Request {
        guard !request.resource.type.isEmpty, !request.resource.id.isEmpty else {
            throw GatehouseError.invalidField(field: "resource", reason: "needs a type and an id")
        }
        let type = CedarBridge.isQualified(request.resource.type) ? request.resource.type : "\(CedarBridge.namespace)::\(request.resource.type)"
        return Cedar.Request(
            principal: CedarBridge.uid(request.principal), action: try CedarBridge.action(request.action),
            resource: EntityUID(type: CedarBridge.name(type), id: request.resource.id),
            context: try CedarBridge.record(request.context, field: "context"))
    }

    /// The entity slice of one request: the principal with its groups, and the resource. When the resource
    /// is the principal or one of its groups, what the store says of it wins over the attributes given. A
    /// collection's `id` attribute (the schema's; collection statements compare it) is its entity id
    /// unless given.
    func entities(_ grants: CompiledGrants, resource: CheckRequest.Resource, uid: EntityUID) throws -> Entities {
        var list = grants.principalEntities
        var given = try CedarBridge.record(resource.attributes, field: "resource.attributes")
        if uid.type == CedarBridge.name("\(CedarBridge.namespace)::Collection"), given["id"] == nil {
            given["id"] = .string(uid.id)
        }
        if let i = list.firstIndex(where: { $0.uid == uid }) {
            list[i].attributes.merge(given) { stored, _ in stored }
        } else {
            list.append(Entity(uid: uid, attributes: given))
        }
        // Only what Cedar says of the entities given (a duplicate, a cycle) is the client's to read.
        do throws(EntitiesError) {
            return try Entities(list)
        } catch {
            throw GatehouseError.invalidField(field: "resource", reason: error.description)
        }
    }
}
