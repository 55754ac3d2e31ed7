extension Authorizer {
    /// Partially evaluates every policy for a request with unknowns: each is
    /// satisfied, not satisfied, erroring, or left as a residual condition.
    ///
    /// Runs on a large-stack thread: the residualizer follows the expression tree
    /// recursively and legal policies may nest deeply.
    public func isAuthorizedPartial(_ request: PartialRequest, policies: PolicySet, entities: Entities) -> PartialResponse {
        LargeStack.run { partial(request, policies: policies, entities: entities) }
    }

    /// The work of ``isAuthorizedPartial(_:policies:entities:)`` on the calling thread
    /// (the fuzzer calls it directly: objects of a finished worker thread look leaked to LeakSanitizer).
    func partial(_ request: PartialRequest, policies: PolicySet, entities: Entities) -> PartialResponse {
        let evaluator = PartialEvaluator(request: request, entities: entities)
        var satisfied: [Policy] = []
        var residuals: [Policy] = []
        var errors: [AuthorizationError] = []
        for p in policies.compiled {
            switch evaluator.outcome(of: p) {
            case .satisfied: satisfied.append(p)
            case .notSatisfied: break
            case let .failed(e): errors.append(AuthorizationError(policyId: p.id, error: e))
            case let .residual(condition):
                residuals.append(Policy(id: p.id, effect: p.effect, annotations: p.annotations,
                                        conditions: [Condition(kind: .when, body: condition)]))
            }
        }
        satisfied.sort { $0.id < $1.id }
        residuals.sort { $0.id < $1.id }
        errors.sort { $0.policyId < $1.policyId }
        // Deny once no permit can hold or a forbid holds; allow once a permit holds and no forbid can.
        let decision: Decision?
        let permitPossible = satisfied.contains { $0.effect == .permit } || residuals.contains { $0.effect == .permit }
        if satisfied.contains(where: { $0.effect == .forbid }) || !permitPossible {
            decision = .deny
        } else if satisfied.contains(where: { $0.effect == .permit }) && !residuals.contains(where: { $0.effect == .forbid }) {
            decision = .allow
        } else {
            decision = nil
        }
        return PartialResponse(decision: decision, satisfied: satisfied, residuals: residuals, errors: errors)
    }
}
