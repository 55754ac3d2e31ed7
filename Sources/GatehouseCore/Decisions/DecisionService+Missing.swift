import Cedar

extension DecisionService {
    /// For a denied request: the system policies that alone would allow it (content policies tried on each
    /// folder above the resource, or on the collection itself), with the roles that carry them. One
    /// authorization for the global candidates and one per instance, each against a set built once.
    func missingPermissions(
        for request: CheckRequest, cedarRequest: Cedar.Request, entities: Entities, scopeType: ScopeType,
        accountID: String, rolesStamp: Int64? = nil, in db: any StoreReader
    ) throws -> [CheckResult.Missing] {
        let forAPIKey = request.principal.type == .apiKey
        var found: [(policy: SystemPolicy, instance: ContentInstance?)] = []
        for instance in [nil] + candidateInstances(for: request) {
            let key = MissingCandidates.Key(scopeType: scopeType, forAPIKey: forAPIKey, instance: instance)
            let candidates = try derived.missingCandidates(key) {
                try MissingCandidates(key, catalog: permissions.catalog, statements: statements)
            }
            let allowedBy = Authorizer().isAuthorized(cedarRequest, policies: candidates.policies, entities: entities).reason
            found += allowedBy.compactMap { candidates.origins[$0].map { (policy: $0, instance: instance) } }
        }
        let rolesStamp = try rolesStamp ?? db.standingStamps(accountID: accountID, principal: nil).roles
        let carriers = try derived.carriers(accountID: accountID, stamp: rolesStamp) {
            var byPolicy: [String: [Role]] = [:]
            for role in permissions.catalog.roles + (try db.customRoles(accountID: accountID)) {
                for id in Set(role.systemPolicyIDs) { byPolicy[id, default: []].append(role) }
            }
            return byPolicy
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.policy.id).inserted }.map { found in
            let roles = carriers[found.policy.id, default: []].filter { $0.assignableTo.contains(request.principal.type) }
            return CheckResult.Missing(policy: found.policy, instance: found.instance, roleIDs: roles.map(\.id))
        }
    }

    /// The instances a content policy could grant the resource through: each folder above it (from its
    /// `ancestor_ids`), or a collection itself.
    func candidateInstances(for request: CheckRequest) -> [ContentInstance] {
        var instances: [ContentInstance] = []
        if case .array(let ids)? = request.resource.attributes["ancestor_ids"] {
            instances += ids.compactMap { $0.stringValue.map { ContentInstance(kind: .folderID, id: $0) } }
        }
        if ["Collection", "\(CedarBridge.namespace)::Collection"].contains(request.resource.type) {
            instances.append(ContentInstance(kind: .collectionID, id: request.resource.id))
        }
        return instances
    }
}

/// System policies tried as the missing permission of a denied request, each under an id that leads back to
/// its policy: the global ones of a scope type, or the content ones held on one instance. Each set is the
/// same for every request, so `DecisionCache` keeps them and a denied check only authorizes against them.
struct MissingCandidates: Sendable {
    struct Key: Hashable, Sendable {
        var scopeType: ScopeType
        /// API keys never get Console (feature) permissions, so none are suggested to them.
        var forAPIKey: Bool
        /// nil: the global policies; otherwise the content policies of the instance's kind held on it.
        var instance: ContentInstance?
    }

    private(set) var policies = PolicySet()
    private(set) var origins: [String: SystemPolicy] = [:]

    init(_ key: Key, catalog: Catalog, statements: StatementCache) throws {
        for (i, policy) in catalog.policies.enumerated() where policy.scopeType == key.scopeType {
            guard policy.policyParameters.first == key.instance?.kind else { continue }
            for (k, var p) in try statements.policies(of: policy, instance: key.instance).enumerated() {
                if key.forAPIKey && CedarBridge.targetsFeature(p) { continue }
                p.id = "m\(i).\(k)"
                try policies.add(p)
                origins[p.id] = policy
            }
        }
    }
}
