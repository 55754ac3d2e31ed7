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

    /// One read or write of the store asked for a connection of `pool`: how long it waited for one (or,
    /// on PostgreSQL, until it gave up at the connect timeout). Microseconds when one was free; a pool too
    /// small for the load shows here before it shows as request latency.
    func storeConnectionWaited(_ pool: StorePoolKind, duration: Duration)
}

/// The store's connection pools, as labels of their waits.
public enum StorePoolKind: String, Sendable, CaseIterable {
    /// Connections that read: SQLite's pool readers and `readNow` connections, PostgreSQL's read-only
    /// transactions and `readNow`.
    case read
    /// The writer: SQLite's single writer (behind group commit), PostgreSQL's write transactions.
    case write
}

/// The tables of `DecisionCache`, as labels of its lookups.
public enum DecisionCacheTable: String, Sendable, CaseIterable {
    /// A principal's compiled grants in a scope.
    case grants
    /// A decision that depends on the store alone (enforcement's questions).
    case decision
    /// A check's whole answer, for the same question asked again.
    case result
    /// Per account, which roles carry each system policy.
    case carriers
    /// Candidates for the missing-permission search.
    case missingCandidates = "missing_candidates"
    /// A provisioning key's row, for authentication.
    case credential
    /// A partial evaluation of a principal's grants, for listings.
    case partial
}

/// Records nothing: metrics are off.
public struct SilentRecorder: OperationsRecorder {
    public init() {}
    public func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool) {}
    public func storeCommitted(writes: Int, duration: Duration) {}
    public func storeConnectionWaited(_ pool: StorePoolKind, duration: Duration) {}
}
