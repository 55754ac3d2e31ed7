/// Buckets policies by their scope so a request only evaluates policies that
/// could apply: by action uid (`==`, `in`), and by principal/resource `==` uid.
/// Policies without a usable key go into a fallback list of each dimension.
struct PolicyIndex: Sendable, Hashable {
    private var actionKeyed: [EntityUID: [Int]] = [:]
    private var actionAny: [Int] = []
    private var principalEq: [EntityUID: [Int]] = [:]
    private var principalOther: [Int] = []
    private var resourceEq: [EntityUID: [Int]] = [:]
    private var resourceOther: [Int] = []

    init() {}

    mutating func insert(_ policy: Policy, at i: Int) {
        switch policy.action {
        case .any: actionAny.append(i)
        case let .eq(a), let .in(a): actionKeyed[a, default: []].append(i)
        case let .inSet(list): for a in Set(list) { actionKeyed[a, default: []].append(i) }
        }
        if case let .eq(.entity(u)) = policy.principal { principalEq[u, default: []].append(i) } else { principalOther.append(i) }
        if case let .eq(.entity(u)) = policy.resource { resourceEq[u, default: []].append(i) } else { resourceOther.append(i) }
    }

    /// Indices of policies that may apply, in ascending order. Scope is still
    /// checked by the evaluator; this only prunes.
    func candidates(for request: Request, entities: Entities) -> [Int] {
        var byAction = actionAny
        byAction += actionKeyed[request.action] ?? []
        for anc in entities.ancestors(of: request.action) { byAction += actionKeyed[anc] ?? [] }
        let byPrincipal = (principalEq[request.principal] ?? []) + principalOther
        let byResource = (resourceEq[request.resource] ?? []) + resourceOther
        let lists = [byAction, byPrincipal, byResource]
        let smallest = lists.min { $0.count < $1.count }!
        return Array(Set(smallest)).sorted()
    }
}
