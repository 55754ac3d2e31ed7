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
        let requests = try resources.map {
            try cedarRequest(CheckRequest(principal: principal, action: action, resource: $0, context: context, scopeID: scopeID))
        }
        // One partial evaluation with the resource unknown: when the grants do not depend on which resource it
        // is (a Master Admin, no permit for the action) it answers the whole listing; otherwise each resource
        // is decided by the residual policies alone, which are usually a few of the principal's many.
        let head = requests[0]
        let known: Entities
        do throws(EntitiesError) {
            known = try Entities(grants.principalEntities)
        } catch {
            throw GatehouseError.invalidField(field: "resource", reason: error.description)
        }
        let partial = Authorizer().isAuthorizedPartial(
            PartialRequest(principal: head.principal, action: head.action, resource: nil, context: head.context),
            policies: grants.policies, entities: known)
        if let decision = partial.decision { return Array(repeating: decision == .allow, count: resources.count) }
        return try zip(resources, requests).map { resource, request in
            partial.reauthorize(request, entities: try entities(grants, resource: resource, uid: request.resource)).decision == .allow
        }
    }
}
