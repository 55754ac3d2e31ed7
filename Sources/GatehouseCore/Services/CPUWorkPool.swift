import Foundation

/// A few dedicated threads for CPU-heavy work (Cedar validation, later password hashing). The server runs
/// Swift concurrency on its NIO event loops, so such work must neither run on the caller's thread nor block
/// it: callers await the result while the event loops keep serving. At most `maxPending` jobs are running
/// or waiting; past that a job is refused at once (`Busy`) instead of queueing without end.
public final class CPUWorkPool: @unchecked Sendable {
    /// Every slot is taken.
    public struct Busy: Error, Sendable {}

    public let threadCount: Int
    public let maxPending: Int

    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Each job computes its result and hands back how to deliver it, so a slot is free before the caller resumes.
    private var queue: [@Sendable () -> @Sendable () -> Void] = []
    private var pending = 0

    /// - Parameters:
    ///   - threads: worker threads (default: one per core).
    ///   - maxPending: jobs running or waiting at once, at least `threads`.
    ///   - stackSize: each worker's stack; recursive checkers need more than the default.
    public init(threads: Int = ProcessInfo.processInfo.activeProcessorCount, maxPending: Int = 8, stackSize: Int = 64 << 20) {
        threadCount = max(1, threads)
        self.maxPending = max(threadCount, maxPending)
        for n in 0..<threadCount {
            let thread = Thread { [self] in work() }
            thread.name = "gatehouse-cpu-\(n)"
            thread.stackSize = stackSize
            thread.start()
        }
    }

    /// The process-wide pool: its threads live as long as the process.
    public static let shared = CPUWorkPool(
        maxPending: ProcessInfo.processInfo.environment["GATEHOUSE_CPU_QUEUE"].flatMap(Int.init) ?? 8)

    /// Runs `job` on a worker thread and returns its result; throws `Busy` if `maxPending` jobs are already
    /// running or waiting.
    public func run<T: Sendable>(_ job: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            condition.lock()
            guard pending < maxPending else {
                condition.unlock()
                continuation.resume(throwing: Busy())
                return
            }
            pending += 1
            queue.append {
                let value = job()
                return { continuation.resume(returning: value) }
            }
            condition.signal()
            condition.unlock()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while queue.isEmpty { condition.wait() }
            let job = queue.removeFirst()
            condition.unlock()
            let deliver = job()
            condition.lock()
            pending -= 1
            condition.unlock()
            deliver()
        }
    }
}
