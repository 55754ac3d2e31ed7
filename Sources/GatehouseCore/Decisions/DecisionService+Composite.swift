extension DecisionService {
    /// Checks every requirement of a composite operation in one store read.
    public func check(_ request: CompositeCheckRequest, accountID: String) async throws -> CompositeCheckResult {
        for subject in request.operation.subjects where request.resources[subject] == nil {
            throw GatehouseError.invalidField(field: subject.rawValue, reason: "is required for \(request.operation.rawValue)")
        }
        let checks = try request.operation.requirements.map { requirement -> CheckRequest in
            let resource: CheckRequest.Resource
            if requirement.subject == .feature {
                resource = .init(type: "\(CedarBridge.namespace)::Feature", id: requirement.featureID ?? "")
            } else {
                guard let given = request.resources[requirement.subject] else {
                    throw GatehouseError.invalidField(field: requirement.subject.rawValue, reason: "is required")
                }
                resource = given
            }
            return CheckRequest(
                principal: request.principal, action: requirement.action, resource: resource, context: requirement.context,
                scopeID: request.scopeID, whatIf: request.whatIf)
        }
        let results = try await check(checks, accountID: accountID)
        return CompositeCheckResult(
            operation: request.operation,
            parts: zip(request.operation.requirements, results).map { CompositeCheckResult.Part(requirement: $0, result: $1) })
    }
}
