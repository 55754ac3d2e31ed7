import Foundation
import GatehouseCore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// A fixed number of connections to one database, handed out one caller at a time. Callers block (on the
/// store's own threads, or for a few-row read on the request path): the store protocols are synchronous so
/// that a rule's check and the write it guards run in one transaction. A connection found closed (the
/// database restarted, the network dropped) is replaced by a new one on its next use, so the store comes
/// back by itself once the database does.
final class PostgresConnections: Sendable {
    let settings: PostgresSettings
    let logger: Logger
    private let recorder: any OperationsRecorder
    /// The connections' own event loops: never a server's, so blocking for an answer cannot stall the loop
    /// that would deliver it.
    private let group: MultiThreadedEventLoopGroup
    private let free: DispatchSemaphore
    private let idle = Mutex<[PostgresConnection]>([])
    private let nextID = Atomic<Int>(0)

    init(settings: PostgresSettings, recorder: any OperationsRecorder, logger: Logger) {
        self.settings = settings
        self.recorder = recorder
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        free = DispatchSemaphore(value: settings.poolSize)
    }

    /// Runs `body` with a connection of its own, waiting for one when all are in use (at most the
    /// connect timeout: then the pool counts as exhausted and the caller gets an error).
    ///
    /// The recorder is told the wait, from `asked` (a caller that queued for a thread first gives its own
    /// start) until a connection was free or the wait gave up, under `pool`.
    func withConnection<T>(
        for pool: StorePoolKind, askedAt asked: ContinuousClock.Instant = .now, _ body: (PostgresTransaction) throws -> T
    ) throws -> T {
        let acquired = free.wait(timeout: .now() + .seconds(Int(settings.connectTimeoutSeconds)))
        recorder.storeConnectionWaited(pool, duration: ContinuousClock.now - asked)
        guard acquired == .success else {
            throw GatehouseError.unavailable("every one of the \(settings.poolSize) database connections stayed busy")
        }
        defer { free.signal() }
        var connection = idle.withLock { $0.popLast() }
        if let open = connection, open.isClosed { connection = nil }
        let chosen = try connection ?? connect()
        do {
            let result = try body(PostgresTransaction(connection: chosen, logger: logger, answerTimeout: settings.answerTimeout))
            if !chosen.isClosed { idle.withLock { $0.append(chosen) } }
            return result
        } catch {
            // A connection that failed mid-transaction may still hold it open: never reuse one that is not
            // known to be back at rest.
            if !chosen.isClosed, PostgresTransaction.isAtRest(after: error) {
                idle.withLock { $0.append(chosen) }
            } else {
                _ = Self.close(chosen)
            }
            throw error
        }
    }

    private func connect() throws -> PostgresConnection {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        do {
            return try PostgresConnection.connect(
                on: group.next(), configuration: settings.configuration, id: id, logger: logger
            ).blockingResult()
        } catch {
            throw GatehouseError.unavailable("cannot connect to \(settings.redactedURL): \(PostgresStoreError.describe(error))")
        }
    }

    /// Closes every idle connection, then stops the event loop, without waiting: the last reference to the
    /// store may go on an event-loop thread (the server's shutdown), where waiting for a loop is forbidden.
    func shutdown() {
        let all = idle.withLock { connections in
            defer { connections.removeAll() }
            return connections
        }
        let loop = group.next()
        EventLoopFuture.andAllComplete(all.map(Self.close), on: loop).whenComplete { [group] _ in
            group.shutdownGracefully(queue: .global()) { _ in }
        }
    }

    /// Closes the connection and keeps it alive until it is closed (PostgresNIO requires a connection to be
    /// closed before it goes).
    static func close(_ connection: PostgresConnection) -> EventLoopFuture<Void> {
        let closed: EventLoopFuture<Void> = connection.close()
        closed.whenComplete { _ in withExtendedLifetime(connection) {} }
        return closed
    }
}

extension EventLoopFuture where Value: Sendable {
    /// The future's value, blocking the calling thread until it is there. Not `wait()`: that refuses any
    /// event-loop thread, and `readNow` runs on the server's; this future's loop is the store's own.
    func blockingResult() throws -> Value {
        guard let value = try result(by: .distantFuture) else { throw GatehouseError.unavailable("no answer from the database") }
        return value
    }

    /// The same, giving up after `timeout`: nil then (the future completes later, unseen).
    func blockingResult(timeout: TimeAmount) throws -> Value? {
        try result(by: .now() + .nanoseconds(Int(timeout.nanoseconds)))
    }

    private func result(by deadline: DispatchTime) throws -> Value? {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Value, any Error>?>(nil)
        whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: deadline) == .success, let result = outcome.withLock({ $0 }) else { return nil }
        return try result.get()
    }
}
