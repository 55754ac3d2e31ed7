/// The answer to a ``PartialRequest``: a decision when the known parts already
/// decide it, and otherwise the residual policies, whose conditions mention only
/// the unknown variables' parts that could not be evaluated.
///
/// The contract, tested against full evaluation: for every way of filling in the
/// unknowns, ``reauthorize(_:entities:)`` gives the same ``Response`` as
/// ``Authorizer/isAuthorized(_:policies:entities:)`` on the completed request.
public struct PartialResponse: Sendable, Hashable {
    /// `allow`/`deny` when no filling-in of the unknowns can change it; `nil` when residuals decide.
    public var decision: Decision?
    /// Policies satisfied whatever the unknowns are (sorted by id).
    public var satisfied: [Policy]
    /// Policies whose satisfaction depends on the unknowns, each with one `when`
    /// condition over the unknown variables and no scope constraints (sorted by id).
    public var residuals: [Policy]
    /// Policies whose evaluation fails whatever the unknowns are (sorted by id).
    public var errors: [AuthorizationError]

    /// Ids of the satisfied policies that decide: forbids if any, else permits (as ``Response/reason``).
    public var reason: [String] {
        let forbids = satisfied.filter { $0.effect == .forbid }
        return (forbids.isEmpty ? satisfied : forbids).map(\.id)
    }

    /// Answers the completed request from the residuals alone (the other policies are already decided).
    public func reauthorize(_ request: Request, entities: Entities) -> Response {
        let evaluator = Evaluator(request: request, entities: entities)
        var permits = satisfied.filter { $0.effect == .permit }.map(\.id)
        var forbids = satisfied.filter { $0.effect == .forbid }.map(\.id)
        var errors = self.errors
        for p in residuals {
            do {
                if try evaluator.isSatisfied(p) {
                    if p.effect == .permit { permits.append(p.id) } else { forbids.append(p.id) }
                }
            } catch {
                errors.append(AuthorizationError(policyId: p.id, error: error))
            }
        }
        errors.sort { $0.policyId < $1.policyId }
        if !forbids.isEmpty { return Response(decision: .deny, reason: forbids.sorted(), errors: errors) }
        if !permits.isEmpty { return Response(decision: .allow, reason: permits.sorted(), errors: errors) }
        return Response(decision: .deny, reason: [], errors: errors)
    }
}
