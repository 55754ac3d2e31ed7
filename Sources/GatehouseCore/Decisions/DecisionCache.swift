import Cedar
import Synchronization

/// What the decision service derives from the store, kept while what it was derived from is unchanged:
/// each entry carries the stamp (`StandingStamps`) of the scopes it depends on, and is current only while
/// the store's stamp for them is the same. A write changes the stamps of the scopes it touched
/// (`StandingChange`): a role given to one user drops that user's grants, while every other principal's
/// stay warm; a custom policy drops the account's; an unweighed write drops everything.
/// Bounded: when a table is full, a new entry takes an old one's place rather than grow with the number of
/// principals and questions.
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

    /// A whole answer with its explanation: the same question asked again (a client re-checking what it
    /// shows) costs a lookup while nothing it was derived from has changed.
    struct ResultKey: Hashable {
        let grants: GrantsKey
        let action: String
        let resource: CheckRequest.Resource
        let context: [String: JSONValue]
        /// Worked out once: the table hashes a key again whenever it moves entries, and these are large.
        let digest: Int

        init(grants: GrantsKey, action: String, resource: CheckRequest.Resource, context: [String: JSONValue]) {
            self.grants = grants
            self.action = action
            self.resource = resource
            self.context = context
            var hasher = Hasher()
            hasher.combine(grants)
            hasher.combine(action)
            hasher.combine(resource)
            hasher.combine(context)
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(digest) }

        static func == (a: ResultKey, b: ResultKey) -> Bool {
            a.digest == b.digest && a.grants == b.grants && a.action == b.action && a.resource == b.resource && a.context == b.context
        }
    }

    /// A partial evaluation of a principal's grants with the resource unknown (folder listings start from it).
    struct PartialKey: Hashable {
        var accountID: String
        var principal: Principal
        var scopeID: String
        var action: String
    }

    private struct Stamped<Value: Sendable>: Sendable {
        var stamp: Int64
        var value: Value
        /// The newest write generation at which `stamp` was read as current (answers only): a request that
        /// has read the same generation since needs no stamp read (`StandingStamps.generation`).
        var currentAt: Int64 = 0
    }

    private struct State {
        var grants: [GrantsKey: Stamped<CompiledGrants>] = [:]
        var decisions: [DecisionKey: Stamped<Bool>] = [:]
        var results: [ResultKey: Stamped<CheckResult>] = [:]
        /// Digests of questions asked once and not kept (`keepResult`).
        var askedOnce = Set<Int>()
        /// The last `CheckResult.keptAs` given.
        var lastKept: UInt64 = 0
        /// Per account: system policy id → the roles (system and custom) that include it.
        var carriers: [String: Stamped<[String: [Role]]>] = [:]
        /// Under the stamp of the grants they were evaluated from.
        var partials: [PartialKey: Stamped<PartialResponse>] = [:]
        /// By key: a provisioning key's row under its principal stamp.
        var credentials: [String: Stamped<ProvisioningKey>] = [:]
        /// From the catalog alone, so no write makes them stale.
        var missingCandidates: [MissingCandidates.Key: Stamped<MissingCandidates>] = [:]
    }

    private let state = Mutex(State())
    private let limit: Int
    private let recorder: any OperationsRecorder

    public init(limit: Int = 20_000, recorder: any OperationsRecorder = SilentRecorder()) {
        self.limit = limit
        self.recorder = recorder
    }

    /// `stamp`: the principal's (`StandingStamps.principal`).
    func grants(_ key: GrantsKey, stamp: Int64, build: () throws -> CompiledGrants) throws -> CompiledGrants {
        try value(at: \.grants, .grants, key, stamp: stamp, build: build)
    }

    // A miss here is not recorded: the caller then asks `grants`/`decision`, which records the lookup's outcome.
    func cachedGrants(_ key: GrantsKey, stamp: Int64) -> CompiledGrants? {
        cached(at: \.grants, .grants, key, stamp: stamp)
    }

    func cachedDecision(_ key: DecisionKey, stamp: Int64) -> Bool? {
        cached(at: \.decisions, .decision, key, stamp: stamp)
    }

    func decision(_ key: DecisionKey, stamp: Int64, build: () throws -> Bool) throws -> Bool {
        try value(at: \.decisions, .decision, key, stamp: stamp, build: build)
    }

    /// `stamp`: the newer of the principal's and the role catalogue's (the missing roles come from the latter),
    /// read at write generation `generation`.
    func cachedResult(_ key: ResultKey, stamp: Int64, generation: Int64) -> CheckResult? {
        let hit = state.withLock { s -> CheckResult? in
            guard let kept = s.results[key], kept.stamp == stamp else { return nil }
            if kept.currentAt < generation { s.results[key]?.currentAt = generation }
            return kept.value
        }
        if hit != nil { recorder.decisionCacheLookup(.result, hit: true) }
        return hit
    }

    /// The answer when it was current at `generation`, a write generation the caller read moments ago: then
    /// nothing has been written since, and no stamp need be read.
    func cachedResult(_ key: ResultKey, currentAt generation: Int64) -> CheckResult? {
        let hit = state.withLock { s in s.results[key].flatMap { $0.currentAt == generation ? $0.value : nil } }
        if hit != nil { recorder.decisionCacheLookup(.result, hit: true) }
        return hit
    }

    /// A question is kept from its second asking on: questions asked once (each about another asset) would
    /// otherwise push out the ones clients repeat, and cost an eviction each.
    func keepResult(_ result: CheckResult, for key: ResultKey, stamp: Int64, generation: Int64) {
        var result = result
        let admitted = state.withLock { s in
            if s.results[key] == nil {
                if s.askedOnce.count >= limit { s.askedOnce.removeAll(keepingCapacity: true) }
                if s.askedOnce.insert(key.digest).inserted { return false }
            }
            s.lastKept += 1
            result.keptAs = s.lastKept
            return true
        }
        if admitted { keep(result, at: \.results, key, stamp: stamp, currentAt: generation) }
    }

    /// `stamp`: the grants' (`CompiledGrants.stamp`). A principal holding hundreds of folder roles spent half of
    /// each listing evaluating the same policies again.
    func partial(_ key: PartialKey, stamp: Int64, build: () throws -> PartialResponse) throws -> PartialResponse {
        try value(at: \.partials, .partial, key, stamp: stamp, build: build)
    }

    /// `stamp`: the account's role catalogue's (`StandingStamps.roles`).
    func carriers(accountID: String, stamp: Int64, build: () throws -> [String: [Role]]) throws -> [String: [Role]] {
        try value(at: \.carriers, .carriers, accountID, stamp: stamp, build: build)
    }

    func missingCandidates(_ key: MissingCandidates.Key, build: () throws -> MissingCandidates) throws -> MissingCandidates {
        try value(at: \.missingCandidates, .missingCandidates, key, stamp: 0, build: build)
    }

    /// The row kept for a provisioning key while its stamp holds: `stampsNow` reads the key's stamps in the
    /// account the row names.
    func credential(_ key: String, stampsNow: (_ accountID: String) throws -> StandingStamps) rethrows -> AuthenticatedKey? {
        let kept = state.withLock { s in s.credentials[key] }
        let current = try kept.flatMap { kept -> AuthenticatedKey? in
            let now = try stampsNow(kept.value.accountID)
            return now.principal == kept.stamp ? AuthenticatedKey(key: kept.value, stamp: kept.stamp, generation: now.generation) : nil
        }
        recorder.decisionCacheLookup(.credential, hit: current != nil)
        return current
    }

    func keepCredential(_ found: AuthenticatedKey) {
        keep(found.key, at: \.credentials, found.key.key, stamp: found.stamp)
    }

    private func cached<Key: Hashable & Sendable, Value: Sendable>(
        at table: KeyPath<State, [Key: Stamped<Value>]>, _ label: DecisionCacheTable, _ key: Key, stamp: Int64
    ) -> Value? {
        let hit = state.withLock { s in s[keyPath: table][key].flatMap { $0.stamp == stamp ? $0.value : nil } }
        if hit != nil { recorder.decisionCacheLookup(label, hit: true) }
        return hit
    }

    /// Built outside the lock: two readers missing together both build, and the second store is harmless.
    /// A value built from an older stamp than the one already kept is returned but not kept.
    private func value<Key: Hashable & Sendable, Value: Sendable>(
        at table: WritableKeyPath<State, [Key: Stamped<Value>]>, _ label: DecisionCacheTable, _ key: Key, stamp: Int64,
        build: () throws -> Value
    ) throws -> Value {
        let hit = state.withLock { s in s[keyPath: table][key].flatMap { $0.stamp == stamp ? $0.value : nil } }
        recorder.decisionCacheLookup(label, hit: hit != nil)
        if let hit { return hit }
        let built = try build()
        keep(built, at: table, key, stamp: stamp)
        return built
    }

    private func keep<Key: Hashable & Sendable, Value: Sendable>(
        _ value: Value, at table: WritableKeyPath<State, [Key: Stamped<Value>]>, _ key: Key, stamp: Int64, currentAt: Int64 = 0
    ) {
        state.withLock { s in
            if let kept = s[keyPath: table][key], kept.stamp > stamp { return }
            // One entry makes room: emptying a full table at once would free thousands of values under the
            // lock, every check waiting meanwhile.
            if s[keyPath: table][key] == nil, s[keyPath: table].count >= limit {
                s[keyPath: table].remove(at: s[keyPath: table].startIndex)
            }
            s[keyPath: table][key] = Stamped(stamp: stamp, value: value, currentAt: currentAt)
        }
    }
}
