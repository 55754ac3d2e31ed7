import Synchronization

/// What the decision service derives from the store, kept for as long as the store has not changed: each
/// entry belongs to the store's write generation it was built from, and the first read of a newer
/// generation empties the cache. So a check right after any write (a role change, a new group member, a
/// deleted key) rebuilds from the store, and a check with nothing written in between reuses the work.
/// Bounded: when full it starts over rather than grow with the number of principals.
public final class DecisionCache: Sendable {
    struct GrantsKey: Hashable {
        var accountID: String
        var principal: Principal
        var scopeID: String?
    }

    /// A decision that depends on nothing but the store: no resource attributes, no context.
    struct DecisionKey: Hashable {
        var grants: GrantsKey
        var action: String
        var resourceType: String
        var resourceID: String
    }

    private struct State {
        var generation: Int64 = .min
        var grants: [GrantsKey: CompiledGrants] = [:]
        var decisions: [DecisionKey: Bool] = [:]
        /// Per account: system policy id → the roles (system and custom) that include it.
        var carriers: [String: [String: [Role]]] = [:]
        var missingCandidates: [MissingCandidates.Key: MissingCandidates] = [:]
    }

    private let state = Mutex(State())
    private let limit: Int
    private let recorder: any OperationsRecorder

    public init(limit: Int = 20_000, recorder: any OperationsRecorder = SilentRecorder()) {
        self.limit = limit
        self.recorder = recorder
    }

    func grants(_ key: GrantsKey, generation: Int64, build: () throws -> CompiledGrants) throws -> CompiledGrants {
        try value(at: \.grants, .grants, key, generation: generation, build: build)
    }

    // A miss here is not recorded: the caller then asks `grants`/`decision`, which records the lookup's outcome.
    func cachedGrants(_ key: GrantsKey, generation: Int64) -> CompiledGrants? {
        let hit = state.withLock { $0.generation == generation ? $0.grants[key] : nil }
        if hit != nil { recorder.decisionCacheLookup(.grants, hit: true) }
        return hit
    }

    func cachedDecision(_ key: DecisionKey, generation: Int64) -> Bool? {
        let hit = state.withLock { $0.generation == generation ? $0.decisions[key] : nil }
        if hit != nil { recorder.decisionCacheLookup(.decision, hit: true) }
        return hit
    }

    func decision(_ key: DecisionKey, generation: Int64, build: () throws -> Bool) throws -> Bool {
        try value(at: \.decisions, .decision, key, generation: generation, build: build)
    }

    func carriers(accountID: String, generation: Int64, build: () throws -> [String: [Role]]) throws -> [String: [Role]] {
        try value(at: \.carriers, .carriers, accountID, generation: generation, build: build)
    }

    func missingCandidates(_ key: MissingCandidates.Key, generation: Int64, build: () throws -> MissingCandidates) throws -> MissingCandidates {
        try value(at: \.missingCandidates, .missingCandidates, key, generation: generation, build: build)
    }

    /// Built outside the lock: two readers missing together both build, and the second store is harmless.
    /// A value built from an older generation than the cache already holds is returned but not kept.
    private func value<Key: Hashable & Sendable, Value: Sendable>(
        at table: WritableKeyPath<State, [Key: Value]>, _ label: DecisionCacheTable, _ key: Key, generation: Int64,
        build: () throws -> Value
    ) throws -> Value {
        let hit = state.withLock { $0.generation == generation ? $0[keyPath: table][key] : nil }
        recorder.decisionCacheLookup(label, hit: hit != nil)
        if let hit { return hit }
        let built = try build()
        state.withLock { s in
            if s.generation < generation {
                // Missing-permission candidates come from the catalog alone, so writes leave them valid.
                s = State(generation: generation, missingCandidates: s.missingCandidates)
            }
            guard s.generation == generation else { return }
            if s[keyPath: table].count >= limit { s[keyPath: table].removeAll(keepingCapacity: true) }
            s[keyPath: table][key] = built
        }
        return built
    }
}
