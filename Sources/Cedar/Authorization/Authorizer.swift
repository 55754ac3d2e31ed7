/// Evaluates a request against a policy set: default deny, `forbid` overrides
/// `permit`, and a policy whose evaluation errors is skipped and reported.
public struct Authorizer: Sendable {
    public init() {}

    public func isAuthorized(_ request: Request, policies: PolicySet, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        let all = policies.compiled
        var permits: [String] = []
        var forbids: [String] = []
        var errors: [AuthorizationError] = []
        for i in policies.index.candidates(for: request, entities: entities) {
            let p = all[i]
            do {
                if try evaluator.isSatisfied(p) {
                    if p.effect == .permit { permits.append(p.id) } else { forbids.append(p.id) }
                }
            } catch {
                errors.append(AuthorizationError(policyId: p.id, error: error))
            }
        }
        errors.sort { $0.policyId < $1.policyId }
        if !forbids.isEmpty {
            return Response(decision: .deny, reason: forbids.sorted(), errors: errors)
        }
        if !permits.isEmpty {
            return Response(decision: .allow, reason: permits.sorted(), errors: errors)
        }
        return Response(decision: .deny, reason: [], errors: errors)
    }
}
