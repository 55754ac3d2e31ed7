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
        guard let head = resources.first else { return [] }
        let batch = try partialBatch(
            action, resourceType: head.type, principal: principal, context: context, scopeID: scopeID, accountID: accountID, in: db)
        if let decision = batch.partial.decision {
            // Refused as a check would refuse it, though the answer needs no resource.
            if resources.contains(where: { $0.type.isEmpty || $0.id.isEmpty }) {
                throw GatehouseError.invalidField(field: "resource", reason: "needs a type and an id")
            }
            return Array(repeating: decision == .allow, count: resources.count)
        }
        return try resources.map { try batch.decide($0, with: self) }
    }

    /// One partial evaluation with the resource unknown: when the grants do not depend on which resource it
    /// is (a Master Admin, no permit for the action) it answers for every resource of the type; otherwise each
    /// resource is decided by the residual policies alone, which are usually a few of the principal's many.
    /// An evaluation without context is kept for as long as the grants it was made from (`DecisionCache`).
    func partialBatch(
        _ action: String, resourceType: String, principal: Principal, context: [String: JSONValue] = [:], scopeID: String,
        accountID: String, in db: any StoreReader
    ) throws -> PartialBatch {
        let grants = try grants(of: principal, scopeID: scopeID, accountID: accountID, in: db)
        let template = CheckRequest(
            principal: principal, action: action, resource: .init(type: resourceType, id: "-"), context: context, scopeID: scopeID)
        let head = try cedarRequest(template)
        let known: Entities
        do throws(EntitiesError) {
            known = try Entities(grants.principalEntities)
        } catch {
            throw GatehouseError.invalidField(field: "resource", reason: error.description)
        }
        let evaluate = {
            Authorizer().isAuthorizedPartial(
                PartialRequest(principal: head.principal, action: head.action, resource: nil, context: head.context),
                policies: grants.policies, entities: known)
        }
        let partial = if context.isEmpty {
            try derived.partial(.init(accountID: accountID, principal: principal, scopeID: scopeID, action: action), stamp: grants.stamp, build: evaluate)
        } else {
            evaluate()
        }
        return PartialBatch(template: template, resourceType: head.resource.type, grants: grants, partial: partial)
    }
}

/// A principal's grants evaluated once with the resource unknown, ready to decide resources of one type.
struct PartialBatch {
    /// The request every resource is put into.
    var template: CheckRequest
    /// The resources' Cedar type.
    var resourceType: EntityType
    var grants: CompiledGrants
    var partial: PartialResponse

    /// The decision on one resource, from the residual policies alone.
    func decide(_ resource: CheckRequest.Resource, with decisions: DecisionService) throws -> Bool {
        if let decision = partial.decision { return decision == .allow }
        var request = template
        request.resource = resource
        let cedar = try decisions.cedarRequest(request)
        return partial.reauthorize(cedar, entities: try decisions.entities(grants, resource: resource, uid: cedar.resource)).decision == .allow
    }
}
