import Foundation
import GatehouseCore
import Logging
import NIOPosix
import PostgresNIO
import Synchronization

/// The store for several Gatehouse servers on one PostgreSQL database. The same store protocols as the
/// embedded SQLite store, with the same guarantees across servers: one writer at a time (an advisory lock
/// taken at the start of every write transaction), every write durable once it returns (PostgreSQL's
/// commit), and a write generation in the database that every server's caches compare with.
public final class PostgresStore: GatehouseStore {
    let connections: PostgresConnections
    /// Where transaction bodies run: they block on each statement, so never on an event loop or on Swift's
    /// cooperative threads. One thread per connection, so a body never waits for a thread while holding one.
    private let threads: NIOThreadPool
    private let recorder: any OperationsRecorder
    private let stopped = Atomic<Bool>(false)

    /// Connects, then runs pending migrations (refusing a database set up by a newer Gatehouse).
    public init(settings: PostgresSettings, recorder: any OperationsRecorder = SilentRecorder(), logger: Logger = Logger(label: "GatehouseStorePostgres")) throws {
        connections = PostgresConnections(settings: settings, recorder: recorder, logger: logger)
        threads = NIOThreadPool(numberOfThreads: settings.poolSize)
        threads.start()
        self.recorder = recorder
        do {
            try connections.withConnection(for: .write) { db in try PostgresMigrations.migrate(db) }
        } catch {
            shutdown()
            throw error
        }
    }

    public convenience init(url: String, recorder: any OperationsRecorder = SilentRecorder()) throws {
        try self.init(settings: try PostgresSettings(url: url), recorder: recorder)
    }

    deinit { shutdown() }

    /// Once only: a failed init shuts down, and its deinit then runs too.
    private func shutdown() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        connections.shutdown()
        threads.shutdownGracefully { _ in }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await run(readOnly: true) { try body($0) }
    }

    public func writeMail<T: Sendable>(_ body: @escaping @Sendable (any MailQueueWriter) throws -> T) async throws -> T {
        try await run(readOnly: false, changesGeneration: false) { try body($0) }
    }

    public func write<T: Sendable>(changing body: @escaping @Sendable (any StoreWriter) throws -> (T, StandingChange)) async throws -> T {
        let started = ContinuousClock.now
        let value = try await run(readOnly: false) { db in
            let (value, change) = try body(db)
            try db.recordStandingChange(change)
            return value
        }
        recorder.storeCommitted(writes: 1, duration: ContinuousClock.now - started)
        return value
    }

    /// Outside a transaction, on the calling thread: each statement sees the latest commit.
    public func readNow<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        try Self.translating {
            try connections.withConnection(for: .read) { db in try body(db) }
        }
    }

    /// Whether the database answers and its schema is the one this binary migrates to (`/ready`).
    public func checkReady() async throws {
        let asked = ContinuousClock.now
        return try await threads.runIfActive { [connections] in
            try Self.translating {
                try connections.withConnection(for: .read, askedAt: asked) { db in try PostgresMigrations.checkCurrent(db) }
            }
        }
    }

    private func run<T: Sendable>(
        readOnly: Bool, changesGeneration: Bool = true, _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> T {
        // Measured from here: a body first waits for one of the pool's threads, then for a connection.
        let asked = ContinuousClock.now
        return try await threads.runIfActive { [connections] in
            try Self.translating {
                try connections.withConnection(for: readOnly ? .read : .write, askedAt: asked) { db in
                    try db.transaction(readOnly: readOnly, changesGeneration: changesGeneration) { try body(db) }
                }
            }
        }
    }

    /// A unique index that refused a row is a race between two writers that both passed the rule's check
    /// (or a rule that relies on the index): the client gets the store-neutral conflict, never SQL text.
    private static func translating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw GatehouseError.conflict("Already exists")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "22021" {
            // PostgreSQL text cannot hold U+0000 (SQLite's can): no stored value has one, so the input is refused.
            throw GatehouseError.invalidField(field: "text", reason: "must not contain the NUL character (U+0000)")
        } catch let error as PSQLError where error.serverInfo?[.sqlState]?.hasPrefix("22") == true {
            // Any other data exception (a number out of a column's range, …) is the input's, not the server's.
            throw GatehouseError.invalidField(field: "value", reason: "is out of the range the store can keep")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "57014" {
            // Cancelled by the statement timeout: the database is too busy to answer in time, as for the client.
            throw GatehouseError.unavailable(PostgresStoreError.describe(error))
        } catch let error as PSQLError where error.code != .server {
            // The connection broke (the database went away): the next use connects again.
            throw GatehouseError.unavailable(PostgresStoreError.describe(error))
        }
    }
}
