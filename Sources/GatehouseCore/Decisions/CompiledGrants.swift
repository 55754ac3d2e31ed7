import Cedar

/// Everything one principal's holdings in one scope bring to a decision, ready to authorize: the policies of
/// its roles (direct and through groups) and the custom policies of the scope, each under an id that says
/// where it came from, plus the principal's own part of the entity slice. Depends only on the principal, the
/// scope and the store, never on the resource, so `DecisionCache` can keep it across checks.
struct CompiledGrants: Sendable {
    /// Where a policy id of the compiled set came from.
    struct Origin: Sendable {
        var effect: String
        var path: [CheckResult.Step]
    }

    /// The principal's standing stamp these were compiled at (`StandingStamps.principal`).
    var stamp: Int64
    var policies = PolicySet()
    var origins: [String: Origin] = [:]
    /// The principal entity and, for a user, its groups (parents) with the `root` attribute.
    var principalEntities: [Entity] = []
    var notes: [String] = []
}
