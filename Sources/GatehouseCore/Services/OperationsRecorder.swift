/// Where Core and the store report what an operator measures (cache hits, commit latency), without
/// knowing how it is kept or exposed: `GatehouseHTTP.GatehouseMetrics` keeps it for `/metrics`, tests keep
/// it in memory, and `SilentRecorder` (the default) drops it. One instance belongs to the composition
/// root and is handed down; nothing here is global.
///
/// Called on the request path and inside the store's write transaction: implementations must be cheap
/// and must not block or throw.
public protocol OperationsRecorder: Sendable {
    /// One lookup in `DecisionCache`: whether `table` held the value for the store's current generation.
    func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool)

    /// One durable commit of the store: how many writes it carried (group commit batches them) and how long
    /// the transaction took, its flush to disk included.
    func storeCommitted(writes: Int, duration: Duration)
}

/// The tables of `DecisionCache`, as labels of its lookups.
public enum DecisionCacheTable: String, Sendable, CaseIterable {
    /// A principal's compiled grants in a scope.
    case grants
    /// A decision that depends on the store alone (enforcement's questions).
    case decision
    /// Per account, which roles carry each system policy.
    case carriers
    /// Candidates for the missing-permission search.
    case missingCandidates = "missing_candidates"
}

/// Records nothing: metrics are off.
public struct SilentRecorder: OperationsRecorder {
    public init() {}
    public func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool) {}
    public func storeCommitted(writes: Int, duration: Duration) {}
}
