import GatehouseCore
import GRDB
import Synchronization

/// Group commit: writes that arrive while a commit is in flight are run together in the next transaction,
/// each inside its own savepoint, and share one fsync. Every caller still gets its answer only after the
/// commit holding its write is durable, and a write that fails rolls back alone. With `synchronous=FULL`
/// a commit costs one disk flush (milliseconds), so this is what lets concurrent writers go faster than
/// one flush per write.
final class GroupCommitter: Sendable {
    /// One queued write: runs inside the batch transaction, then learns whether the batch committed.
    private struct Pending: Sendable {
        /// False for a write the write generation ignores (`GatehouseStore.writeMail`).
        let changesGeneration: Bool
        let run: @Sendable (Database) -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var queue: [Pending] = []
        var flushing = false
    }

    private let pool: DatabasePool
    private let recorder: any OperationsRecorder
    private let state = Mutex(State())
    /// Bounds one transaction so a burst cannot hold the write lock for long.
    private let maxBatch = 64

    private let checkpointer: BackgroundCheckpointer

    init(pool: DatabasePool, recorder: any OperationsRecorder, checkpointer: BackgroundCheckpointer) {
        self.pool = pool
        self.recorder = recorder
        self.checkpointer = checkpointer
    }

    func write<T: Sendable>(changesGeneration: Bool, _ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws -> T {
        // The write's wait for the writer is its time in the queue: the flush holds the one connection.
        let asked = ContinuousClock.now
        return try await withCheckedThrowingContinuation { [recorder] (continuation: CheckedContinuation<T, any Error>) in
            let outcome = Mutex<Result<T, any Error>?>(nil)
            let pending = Pending(
                changesGeneration: changesGeneration,
                run: { db in
                    recorder.storeConnectionWaited(.write, duration: ContinuousClock.now - asked)
                    do {
                        let value = try Self.inSavepoint(db) { try body(SQLiteTransaction(db: db)) }
                        outcome.withLock { $0 = .success(value) }
                    } catch {
                        outcome.withLock { $0 = .failure(error) }
                    }
                },
                finish: { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: outcome.withLock { $0 } ?? .failure(CancellationError()))
                    }
                })
            let startFlush = state.withLock { s -> Bool in
                s.queue.append(pending)
                if s.flushing { return false }
                s.flushing = true
                return true
            }
            if startFlush { Task { await self.flush() } }
        }
    }

    /// What `Database.inSavepoint` does, with statements prepared once per connection: GRDB's prepares its
    /// SQL on every call, two statement compilations per write on the single writer.
    private static func inSavepoint<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.cachedStatement(sql: "SAVEPOINT write").execute()
        let value: T
        do {
            value = try body()
        } catch {
            // The write's own error is the one to tell. A rollback that fails leaves an aborted transaction,
            // which GRDB refuses every later statement of the batch, its commit included.
            try? db.cachedStatement(sql: "ROLLBACK TRANSACTION TO SAVEPOINT write").execute()
            try? db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
            throw error
        }
        try db.cachedStatement(sql: "RELEASE SAVEPOINT write").execute()
        return value
    }

    /// Drains the queue batch by batch until it is empty.
    private func flush() async {
        while true {
            let batch = state.withLock { s -> [Pending] in
                let taken = Array(s.queue.prefix(maxBatch))
                s.queue.removeFirst(taken.count)
                if taken.isEmpty { s.flushing = false }
                return taken
            }
            if batch.isEmpty { return }
            do {
                let started = ContinuousClock.now
                try await pool.write { db in
                    for item in batch { item.run(db) }
                    if batch.contains(where: \.changesGeneration) {
                        try db.cachedStatement(sql: "UPDATE writeGeneration SET value = value + 1").execute()
                    }
                }
                recorder.storeCommitted(writes: batch.count, duration: ContinuousClock.now - started)
                for item in batch { item.finish(nil) }
                checkpointer.committed()
            } catch {
                for item in batch { item.finish(error) }
            }
        }
    }
}
