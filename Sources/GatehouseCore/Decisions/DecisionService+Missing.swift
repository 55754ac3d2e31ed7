import Cedar

extension DecisionService {
    /// For a denied request: the system policies that alone would allow it (content policies tried on each
    /// folder above the resource, or on the collection itself), with the roles that carry them.
    func missingPermissions(
        for request: CheckRequest, cedarRequest: Cedar.Request, entities: Entities, scopeType: ScopeType, accountID: String,
        in db: any StoreReader
    ) throws -> [CheckResult.Missing] {
        let roles = permissions.catalog.roles + (try db.customRoles(accountID: accountID))
        var result: [CheckResult.Missing] = []
        for policy in permissions.catalog.policies where policy.scopeType == scopeType {
            for instance in candidateInstances(for: policy, request: request) {
                var set = PolicySet()
                for (k, var p) in try cache.policies(policy.statement(instance: instance.map { (kind: $0.kind, id: $0.id) })).enumerated() {
                    if request.principal.type == .apiKey && CedarBridge.targetsFeature(p) { continue }
                    p.id = "m\(k)"
                    try set.add(p)
                }
                guard Authorizer().isAuthorized(cedarRequest, policies: set, entities: entities).decision == .allow else { continue }
                let carriers = roles.filter {
                    $0.systemPolicyIDs.contains(policy.id) && $0.assignableTo.contains(request.principal.type)
                }.map(\.id)
                result.append(CheckResult.Missing(policy: policy, instance: instance, roleIDs: carriers))
                break
            }
        }
        return result
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
