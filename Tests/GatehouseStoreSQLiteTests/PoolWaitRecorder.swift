import GatehouseCore
import Synchronization

/// Keeps every pool wait a store reports, so a test can see how long its reads and writes waited.
final class PoolWaitRecorder: OperationsRecorder {
    private let waits = Mutex<[StorePoolKind: [Duration]]>([:])

    func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool) {}
    func storeCommitted(writes: Int, duration: Duration) {}

    func storeConnectionWaited(_ pool: StorePoolKind, duration: Duration) {
        waits.withLock { $0[pool, default: []].append(duration) }
    }

    /// The waits reported so far under `pool`, in the order they were reported.
    func waits(_ pool: StorePoolKind) -> [Duration] { waits.withLock { $0[pool] ?? [] } }
}
