/// Files policies by their scope so a request only evaluates policies whose
/// scope could match it.
///
/// Why: with hundreds of `principal in Group` / `resource in Folder` policies,
/// evaluating every policy per request dominated authorization time. Each
/// dimension (principal, action, resource) files a policy under the entity its
/// clause names (`==`, `in`, `is … in`), under the entity type (`is`), or in a
/// catch-all list (no constraint, or an unfilled slot — kept so the evaluator
/// still reports the unlinked-slot error). A request collects, per dimension,
/// the policies filed under its entity, that entity's type, and every ancestor
/// of the entity (`in` is reflexive and transitive, so a policy naming an
/// ancestor may match). A policy is a candidate only if all three dimensions
/// collected it. This only prunes: the evaluator still checks the full scope,
/// so over-approximating (e.g. an `==` policy filed under an ancestor) is safe,
/// while every policy whose scope could match is always kept.
struct PolicyIndex: Sendable, Hashable {
    /// One scope dimension's buckets of policy positions (ascending within each bucket).
    private struct Dimension: Sendable, Hashable {
        var any: [Int] = []
        var keyed: [EntityUID: [Int]] = [:]
        var typed: [EntityType: [Int]] = [:]

        mutating func insert(_ c: ScopeConstraint, at i: Int) {
            switch c {
            case .any, .eq(.slot), .in(.slot), .isIn(_, .slot): any.append(i)
            case let .eq(.entity(u)), let .in(.entity(u)), let .isIn(_, .entity(u)):
                // `is T in E` also needs the type; the evaluator checks it. Filing under E
                // alone is enough since a match requires E to be the uid or an ancestor.
                keyed[u, default: []].append(i)
            case let .is(t): typed[t, default: []].append(i)
            }
        }

        /// Calls `body` with every policy position that could match `uid` in this
        /// dimension (a position may be reported more than once).
        func forEachCandidate(_ uid: EntityUID, ancestors: Set<EntityUID>, _ body: (Int) -> Void) {
            for i in any { body(i) }
            if let l = typed[uid.type] { for i in l { body(i) } }
            if let l = keyed[uid] { for i in l { body(i) } }
            if keyed.isEmpty { return }
            for a in ancestors { if let l = keyed[a] { for i in l { body(i) } } }
        }
    }

    private var principal = Dimension()
    private var action = Dimension()
    private var resource = Dimension()
    /// Number of policies filed (positions are `0..<count`).
    private var count = 0

    init() {}

    mutating func insert(_ policy: Policy, at i: Int) {
        principal.insert(policy.principal, at: i)
        resource.insert(policy.resource, at: i)
        switch policy.action {
        case .any: action.any.append(i)
        case let .eq(a), let .in(a): action.keyed[a, default: []].append(i)
        case let .inSet(list):
            // Empty `action in []` matches nothing: not filed anywhere, never a candidate.
            for a in Set(list) { action.keyed[a, default: []].append(i) }
        }
        count = max(count, i + 1)
    }

    /// Positions of policies that may apply, in ascending (original) order, so
    /// the authorizer's errors and reasons keep their order. Scope is still
    /// checked by the evaluator; this only prunes.
    func candidates(for request: Request, entities: Entities) -> [Int] {
        guard count > 0 else { return [] }
        // marks[i] counts the dimensions (in order principal, resource, action) that
        // collected policy i; requiring the previous count dedupes repeated reports.
        var marks = [UInt8](repeating: 0, count: count)
        var result: [Int] = []
        marks.withUnsafeMutableBufferPointer { m in
            principal.forEachCandidate(request.principal, ancestors: entities.ancestors(of: request.principal)) { i in
                if m[i] == 0 { m[i] = 1 }
            }
            resource.forEachCandidate(request.resource, ancestors: entities.ancestors(of: request.resource)) { i in
                if m[i] == 1 { m[i] = 2 }
            }
            action.forEachCandidate(request.action, ancestors: entities.ancestors(of: request.action)) { i in
                if m[i] == 2 { m[i] = 3; result.append(i) }
            }
        }
        result.sort()
        return result
    }
}
