import Foundation
import GatehouseCore
import Synchronization
import Testing

/// Reads and writes that find every connection of the store's pool busy wait for one, and the store reports
/// how long (`OperationsRecorder.storeConnectionWaited`): each call once, under its pool.
@Suite struct PoolWaitTests {
    /// No pool of either store holds more connections than this: PostgreSQL's default ten; SQLite's five
    /// pool readers, one writer, two `readNow` connections per core.
    static var largestPool: Int { max(10, 2 * ProcessInfo.processInfo.activeProcessorCount) }
    /// Callers at once: more than any pool, so at least this many beyond it must wait.
    static let beyondThePool = 14
    /// How long each call keeps its connection.
    static let hold = 0.1

    static func open() async throws -> (store: any GatehouseStore, recorder: PoolWaitRecorder) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-poolwait-\(UUID().uuidString)")
        let recorder = PoolWaitRecorder()
        return (try await TestDatabase.make(directory: directory).open(recorder: recorder), recorder)
    }

    /// A caller that found no free connection waited at least until another caller, which asked moments
    /// before it, gave one back: most of `hold` (half leaves room for a busy machine).
    static func waitedForAnother(_ waits: some Collection<Duration>) -> Int {
        waits.filter { $0 >= .seconds(hold / 2) }.count
    }

    @Test func queuedReadsBeyondThePoolWait() async throws {
        let (store, recorder) = try await Self.open()
        let callers = Self.largestPool + Self.beyondThePool
        let earlier = recorder.waits(.read).count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    _ = try await store.read { db in
                        Thread.sleep(forTimeInterval: Self.hold)
                        return try db.writeGeneration()
                    }
                }
            }
            try await group.waitForAll()
        }
        let waits = recorder.waits(.read).dropFirst(earlier)
        #expect(waits.count == callers)
        #expect(waits.allSatisfy { $0 >= .zero })
        #expect(Self.waitedForAnother(waits) >= Self.beyondThePool)
        #expect(recorder.waits(.write).count <= 1)  // PostgreSQL's migration at open; no write since
    }

    @Test func inPlaceReadsBeyondThePoolWait() async throws {
        let (store, recorder) = try await Self.open()
        let callers = Self.largestPool + Self.beyondThePool
        let earlier = recorder.waits(.read).count
        let failures = Mutex<[String]>([])
        // `readNow` blocks its thread: each caller gets a thread of its own, as request handlers would.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let finished = DispatchGroup()
            for _ in 0..<callers {
                finished.enter()
                Thread {
                    do {
                        _ = try store.readNow { db in
                            Thread.sleep(forTimeInterval: Self.hold)
                            return try db.writeGeneration()
                        }
                    } catch {
                        failures.withLock { $0.append(String(describing: error)) }
                    }
                    finished.leave()
                }.start()
            }
            finished.notify(queue: .global()) { done.resume() }
        }
        #expect(failures.withLock { $0 } == [])
        let waits = recorder.waits(.read).dropFirst(earlier)
        #expect(waits.count == callers)
        #expect(Self.waitedForAnother(waits) >= Self.beyondThePool)
    }

    /// On SQLite writes queue for the one writer; on PostgreSQL each holds a connection while it waits for
    /// the write lock, so those beyond the pool wait for a connection.
    @Test func writesBeyondThePoolWait() async throws {
        let (store, recorder) = try await Self.open()
        let callers = Self.largestPool + Self.beyondThePool
        let earlier = recorder.waits(.write).count
        let reads = recorder.waits(.read).count
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<callers {
                group.addTask { try await store.write { _ in Thread.sleep(forTimeInterval: Self.hold) } }
            }
            try await group.waitForAll()
        }
        let waits = recorder.waits(.write).dropFirst(earlier)
        #expect(waits.count == callers)
        #expect(Self.waitedForAnother(waits) >= Self.beyondThePool)
        #expect(recorder.waits(.read).count == reads)
    }
}
