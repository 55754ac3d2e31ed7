import Cedar

extension DecisionService {
    /// Decides one action for one principal in one product environment on many resources, assembling the
    /// principal's policy set once. Listings need this: deciding each folder with `check` would gather the
    /// same roles and policies again for every folder. The grants are exactly those `check` uses (same
    /// holdings, same scope filtering, same custom policies, API keys without Console features); only the
    /// explanation is left out (`FolderServiceTests` checks the two agree). Returns one decision per resource,
    /// in order.
    public func decideEach(
        _ action: String, on resources: [CheckRequest.Resource], principal: Principal, context: [String: JSONValue] = [:],
        scopeID: String, accountID: String
    ) async throws -> [Bool] {
        try await permissions.store.read { db in
            try self.decideEach(action, on: resources, principal: principal, context: context, scopeID: scopeID, accountID: accountID, in: db)
        }
    }

    func decideEach(
        _ action: String, on resources: [CheckRequest.Resource], principal: Principal, context: [String: JSONValue] = [:],
        scopeID: String, accountID: String, in db: any StoreReader
    ) throws -> [Bool] {
        guard let first = resources.first else { return [] }
        let template = CheckRequest(principal: principal, action: action, resource: first, context: context, scopeID: scopeID)
        _ = try permissions.checkPrincipalForRead(principal, accountID: accountID, in: db)
        try permissions.checkScopeID(scopeID, accountID: accountID, in: db)
        var notes: [String] = []
        let filter = ScopeFilter(scopeType: .prodenv, scopeID: scopeID)
        let held = try applicable(
            try permissions.effectiveRoles(of: principal, accountID: accountID, filter: filter, in: db), to: template, accountID: accountID,
            notes: &notes, in: db)
        var policies = PolicySet()
        var origins: [String: Origin] = [:]
        for (i, h) in held.enumerated() {
            for (j, policy) in permissions.policies(of: h.role).enumerated() {
                let statement = policy.statement(instance: h.assignment.instance.map { (kind: $0.kind, id: $0.id) })
                try add(statement, prefix: "r\(i).p\(j)", principal: principal, to: &policies, origins: &origins, path: [])
            }
        }
        for (i, custom) in try customPolicies(for: template, accountID: accountID, in: db).enumerated() {
            try add(custom.statement, prefix: "c\(i)", principal: principal, to: &policies, origins: &origins, path: [])
        }
        let authorizer = Authorizer()
        return try resources.map { resource in
            var request = template
            request.resource = resource
            let cedar = try cedarRequest(request)
            let entities = try self.entities(for: request, resource: cedar.resource, accountID: accountID, in: db)
            return authorizer.isAuthorized(cedar, policies: policies, entities: entities).decision == .allow
        }
    }
}
