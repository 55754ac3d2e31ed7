import Cedar
import Foundation

/// Answers "may this principal do this?" from the stored roles and policies with the Cedar engine, and
/// explains the answer: which policies decided it, through which group and role, and what was missing.
/// Every check reads the store afresh, so a check right after a role change sees the change.
public struct DecisionService: Sendable {
    public let permissions: PermissionsService
    public let cache: StatementCache

    public init(permissions: PermissionsService, cache: StatementCache = StatementCache()) {
        self.permissions = permissions
        self.cache = cache
    }

    /// Where each policy id of the compiled set came from.
    struct Origin {
        var effect: String
        var path: [CheckResult.Step]
    }

    public func check(_ request: CheckRequest, accountID: String) async throws -> CheckResult {
        try await permissions.store.read { db in try self.check(request, accountID: accountID, in: db) }
    }

    public func check(_ requests: [CheckRequest], accountID: String) async throws -> [CheckResult] {
        try await permissions.store.read { db in try requests.map { try self.check($0, accountID: accountID, in: db) } }
    }

    func check(_ request: CheckRequest, accountID: String, in db: any StoreReader) throws -> CheckResult {
        _ = try permissions.checkPrincipalForRead(request.principal, accountID: accountID, in: db)
        if let scope = request.scopeID {
            guard scope != allProductEnvironments else {
                throw GatehouseError.invalidField(field: "scope_id", reason: "must name one product environment for a check")
            }
            try permissions.checkScopeID(scope, accountID: accountID, in: db)
        }
        let scopeType: ScopeType = request.scopeID == nil ? .account : .prodenv
        let filter = ScopeFilter(scopeType: scopeType, scopeID: request.scopeID)
        var notes: [String] = []

        var held = try permissions.effectiveRoles(of: request.principal, accountID: accountID, filter: filter, in: db)
        var hypothetical = Set<Int>()
        for grant in request.whatIf {
            var grant = grant
            grant.principal = request.principal
            let assignment = try permissions.resolve(grant, accountID: accountID, at: Date(), in: db)
            let role = try permissions.role(assignment.roleID, accountID: accountID, in: db)
            guard filter.matches(assignment, role: role) else {
                notes.append("what_if role \(role.id) is not in the scope of this check")
                continue
            }
            hypothetical.insert(held.count)
            held.append(HeldRole(role: role, assignment: assignment, viaGroup: nil))
        }
        held = try applicable(held, to: request, accountID: accountID, notes: &notes, in: db)

        var policies = PolicySet()
        var origins: [String: Origin] = [:]
        let principalStep = CheckResult.Step(kind: .principal, id: request.principal.id, name: request.principal.type.rawValue)
        for (i, h) in held.enumerated() {
            var path = [principalStep]
            if let group = h.viaGroup { path.append(.init(kind: .group, id: group.id, name: group.name)) }
            path.append(.init(
                kind: .role, id: h.role.id, name: h.role.name, scopeID: h.assignment.scopeID, instance: h.assignment.instance,
                hypothetical: hypothetical.contains(i)))
            for (j, policy) in permissions.policies(of: h.role).enumerated() {
                let statement = policy.statement(instance: h.assignment.instance.map { (kind: $0.kind, id: $0.id) })
                try add(statement, prefix: "r\(i).p\(j)", principal: request.principal, to: &policies, origins: &origins,
                        path: path + [.init(kind: .systemPolicy, id: policy.id, name: policy.name)])
            }
        }
        for (i, custom) in try customPolicies(for: request, accountID: accountID, in: db).enumerated() {
            try add(custom.statement, prefix: "c\(i)", principal: request.principal, to: &policies, origins: &origins,
                    path: [principalStep, .init(kind: .customPolicy, id: custom.id, name: custom.name, scopeID: custom.scopeID)])
        }

        let cedarRequest = try cedarRequest(request)
        let entities = try entities(for: request, resource: cedarRequest.resource, accountID: accountID, in: db)
        let response = Authorizer().isAuthorized(cedarRequest, policies: policies, entities: entities)
        let determining = response.reason.compactMap { id in
            origins[id].map { CheckResult.Determining(policyID: id, effect: $0.effect, path: $0.path) }
        }
        let errors = response.errors.map { e in
            let source = origins[e.policyId]?.path.last.map { "\($0.kind.rawValue) \($0.id)" } ?? e.policyId
            return "\(source): \(e.error)"
        }
        let decision: CheckResult.Decision = response.decision == .allow ? .allow : .deny
        let missing = decision == .deny && determining.isEmpty
            ? try missingPermissions(for: request, cedarRequest: cedarRequest, entities: entities, scopeType: scopeType, accountID: accountID, in: db)
            : []
        return CheckResult(decision: decision, determining: determining, errors: errors, missing: missing, notes: notes)
    }

    /// Drops grants that cannot act here, saying why: a user without access to the environment gets nothing
    /// from prodenv roles; an API key acts only in its own environment.
    func applicable(_ held: [HeldRole], to request: CheckRequest, accountID: String, notes: inout [String], in db: any StoreReader) throws -> [HeldRole] {
        guard let env = request.scopeID else { return held }
        switch request.principal.type {
        case .user:
            if let user = try db.user(id: request.principal.id, accountID: accountID), !EnvironmentAccessRule.reaches(user, environmentID: env) {
                if !held.isEmpty { notes.append("user \(user.id) has no access to product environment \(env), so its roles there grant nothing") }
                return []
            }
        case .apiKey:
            if let key = try db.accessKey(apiKey: request.principal.id), key.subAccountID != env {
                notes.append("API key \(key.apiKey) belongs to product environment \(key.subAccountID), not \(env)")
                return []
            }
        case .group, .provisioningKey:
            break
        }
        return held
    }

    func customPolicies(for request: CheckRequest, accountID: String, in db: any StoreReader) throws -> [CustomPolicy] {
        try db.customPolicies(accountID: accountID).filter { p in
            guard p.enabled else { return false }
            guard let env = request.scopeID else { return p.scopeType == .account }
            return p.scopeType == .prodenv && (p.scopeID == env || p.scopeID == allProductEnvironments)
        }
    }

    /// Adds a statement's policies under ids that say where they came from. API keys never get Console
    /// (feature) permissions.
    func add(
        _ statement: String, prefix: String, principal: Principal, to set: inout PolicySet, origins: inout [String: Origin],
        path: [CheckResult.Step]
    ) throws {
        for (k, var policy) in try cache.policies(statement).enumerated() {
            if principal.type == .apiKey && CedarBridge.targetsFeature(policy) { continue }
            policy.id = "\(prefix).s\(k)"
            try set.add(policy)
            origins[policy.id] = Origin(effect: policy.effect.rawValue, path: path)
        }
    }

    func cedarRequest(_ request: CheckRequest) throws -> Cedar.Request {
        guard !request.resource.type.isEmpty, !request.resource.id.isEmpty else {
            throw GatehouseError.invalidField(field: "resource", reason: "needs a type and an id")
        }
        let type = request.resource.type.contains("::") ? request.resource.type : "\(CedarBridge.namespace)::\(request.resource.type)"
        return Cedar.Request(
            principal: CedarBridge.uid(request.principal), action: try CedarBridge.action(request.action),
            resource: EntityUID(type: type, id: request.resource.id),
            context: try CedarBridge.record(request.context, field: "context"))
    }

    /// The entity slice of one request: the principal with its groups, and the resource.
    func entities(for request: CheckRequest, resource: EntityUID, accountID: String, in db: any StoreReader) throws -> Entities {
        var list: [Entity] = []
        let principal = CedarBridge.uid(request.principal)
        switch request.principal.type {
        case .user:
            let groups = try db.groups(ofUser: request.principal.id)
            let groupUIDs = groups.map { CedarBridge.uid(Principal(type: .group, id: $0.id)) }
            let root = try db.user(id: request.principal.id, accountID: accountID)?.root ?? false
            list.append(Entity(uid: principal, attributes: ["root": .bool(root)], parents: Set(groupUIDs)))
            list += groupUIDs.map { Entity(uid: $0) }
        default:
            list.append(Entity(uid: principal))
        }
        if resource != principal {
            list.append(Entity(uid: resource, attributes: try CedarBridge.record(request.resource.attributes, field: "resource.attributes")))
        }
        do {
            return try Entities(list)
        } catch {
            throw GatehouseError.invalidField(field: "resource", reason: "\(error)")
        }
    }
}
