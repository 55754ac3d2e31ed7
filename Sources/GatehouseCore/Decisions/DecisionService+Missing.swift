import Cedar

extension DecisionService {
    /// For a denied request: the system policies that alone would allow it (content policies tried on each
    /// folder above the resource, or on the collection itself), with the roles that carry them. All
    /// candidates go into one policy set, so this costs one authorization, not one per candidate.
    func missingPermissions(
        for request: CheckRequest, cedarRequest: Cedar.Request, entities: Entities, scopeType: ScopeType, accountID: String,
        in db: any StoreReader
    ) throws -> [CheckResult.Missing] {
        var set = PolicySet()
        var candidates: [String: (policy: SystemPolicy, instance: ContentInstance?)] = [:]
        for (i, policy) in permissions.catalog.policies.enumerated() where policy.scopeType == scopeType {
            for (j, instance) in candidateInstances(for: policy, request: request).enumerated() {
                let statement = policy.statement(instance: instance.map { (kind: $0.kind, id: $0.id) })
                for (k, var p) in try cache.policies(statement).enumerated() {
                    if request.principal.type == .apiKey && CedarBridge.targetsFeature(p) { continue }
                    p.id = "m\(i).\(j).\(k)"
                    try set.add(p)
                    candidates[p.id] = (policy, instance)
                }
            }
        }
        let allowedBy = Authorizer().isAuthorized(cedarRequest, policies: set, entities: entities).reason
        let roles = permissions.catalog.roles + (try db.customRoles(accountID: accountID))
        var seen = Set<String>()
        return allowedBy.compactMap { candidates[$0] }.filter { seen.insert($0.policy.id).inserted }.map { found in
            let carriers = roles.filter {
                $0.systemPolicyIDs.contains(found.policy.id) && $0.assignableTo.contains(request.principal.type)
            }.map(\.id)
            return CheckResult.Missing(policy: found.policy, instance: found.instance, roleIDs: carriers)
        }
    }

    /// nil for global policies; for content policies, the instances the resource could be granted through.
    func candidateInstances(for policy: SystemPolicy, request: CheckRequest) -> [ContentInstance?] {
        guard let kind = policy.policyParameters.first else { return [nil] }
        switch kind {
        case .folderID:
            guard case .array(let ids)? = request.resource.attributes["ancestor_ids"] else { return [] }
            return ids.compactMap { $0.stringValue.map { ContentInstance(kind: .folderID, id: $0) } }
        case .collectionID:
            return [ContentInstance(kind: .collectionID, id: request.resource.id)]
        }
    }
}
