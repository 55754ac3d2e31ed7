import Cedar

extension DecisionService {
    /// Decides one action for one principal in one product environment on many resources with one set of
    /// compiled grants (the same `check` uses), leaving out the explanation. Listings need this. Returns one
    /// decision per resource, in order.
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
        guard !resources.isEmpty else { return [] }
        let grants = try grants(of: principal, scopeID: scopeID, accountID: accountID, in: db)
        let authorizer = Authorizer()
        return try resources.map { resource in
            let request = try cedarRequest(CheckRequest(principal: principal, action: action, resource: resource, context: context, scopeID: scopeID))
            let entities = try entities(grants, resource: resource, uid: request.resource)
            return authorizer.isAuthorized(request, policies: grants.policies, entities: entities).decision == .allow
        }
    }
}
