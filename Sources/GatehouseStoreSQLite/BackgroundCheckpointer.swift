import GRDB
import Synchronization

/// Copies committed pages from the write-ahead log into the database file on a connection of its own, at
/// most every `interval` while writes come in. SQLite's own automatic checkpoint (every 1,000 pages) runs
/// inside the commit that crosses the threshold, holding the single writer for the copy; with most pages
/// already copied here, it has little left to do. It stays: only a checkpoint that finishes while no write
/// is appending (the writer's own) lets the next write start the log again from its beginning.
final class BackgroundCheckpointer: Sendable {
    private struct State {
        var running = false
        var last = ContinuousClock.now
    }

    private let connection: DatabaseQueue
    private let interval: Duration
    private let state = Mutex(State())
    /// Checkpoints run so far (tests).
    let completed = Atomic<Int>(0)

    init(path: String, interval: Duration = .milliseconds(200)) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        connection = try DatabaseQueue(path: path, configuration: config)
        self.interval = interval
    }

    /// Called after every commit; returns at once. The checkpoint runs on the connection's own queue, never
    /// on the caller's thread (an event loop, or the writer).
    func committed() {
        let start = state.withLock { s -> Bool in
            guard !s.running, s.last.duration(to: .now) >= interval else { return false }
            s.running = true
            return true
        }
        guard start else { return }
        connection.asyncWriteWithoutTransaction { [self] db in
            // Passive: copies what no reader still needs and never waits for readers or the writer.
            _ = try? db.checkpoint(.passive)
            completed.add(1, ordering: .relaxed)
            state.withLock { s in
                s.running = false
                s.last = .now
            }
        }
    }
}
