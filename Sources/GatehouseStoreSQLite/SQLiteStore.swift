import Foundation
import GatehouseCore
import GRDB
import Synchronization

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a write that returned is
/// on disk even if the process dies right after.
public final class SQLiteStore: GatehouseStore {
    private let pool: DatabasePool
    private let committer: GroupCommitter
    let checkpointer: BackgroundCheckpointer
    private let recorder: any OperationsRecorder
    /// Connections of their own for `readNow`, two per core: an idle one when there is one, else one in
    /// turn. Not the pool's readers: those are held by async reads until their task resumes, so a thread
    /// blocked waiting for one could be the very thread that task needs.
    private let quickReaders: [DatabaseQueue]
    private let idleQuickReaders: Mutex<[Int]>
    private let nextQuickReader = Atomic<Int>(0)

    /// The database's file name inside a data directory.
    public static let fileName = "gatehouse.sqlite"

    /// Opens (creating if needed) `<directory>/gatehouse.sqlite` and runs pending migrations.
    public convenience init(directory: URL, recorder: any OperationsRecorder = SilentRecorder()) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(path: directory.appendingPathComponent(Self.fileName).path, recorder: recorder)
    }

    /// - Parameter recorder: told the size and duration of every commit, and how long each read and write
    ///   waited for a connection.
    public init(path: String, recorder: any OperationsRecorder = SilentRecorder()) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 16 MB of pages instead of 2: the indexes a create touches at 100,000 users stay in memory.
            try db.execute(sql: "PRAGMA cache_size = -16000")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(pool)
        checkpointer = try BackgroundCheckpointer(path: path)
        committer = GroupCommitter(pool: pool, recorder: recorder, checkpointer: checkpointer)
        self.recorder = recorder
        var quick = Configuration()
        quick.readonly = true
        quick.busyMode = .timeout(10)
        quickReaders = try (0..<2 * max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in
            try DatabaseQueue(path: path, configuration: quick)
        }
        idleQuickReaders = Mutex(Array(quickReaders.indices))
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        let asked = ContinuousClock.now
        return try await pool.read { [recorder] db in
            recorder.storeConnectionWaited(.read, duration: ContinuousClock.now - asked)
            return try body(SQLiteTransaction(db: db))
        }
    }

    /// Readers never wait for the writer in WAL mode, so this blocks only for the read itself (or for
    /// another `readNow`, which never waits for anything else). No transaction: each statement sees the
    /// latest commit, which is all the one-row reads of the request path need, and saves a BEGIN and COMMIT.
    public func readNow<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        let asked = ContinuousClock.now
        func run(_ db: Database) throws -> T {
            recorder.storeConnectionWaited(.read, duration: ContinuousClock.now - asked)
            return try body(SQLiteTransaction(db: db))
        }
        guard let idle = idleQuickReaders.withLock({ $0.popLast() }) else {
            let turn = nextQuickReader.wrappingAdd(1, ordering: .relaxed).oldValue
            return try quickReaders[turn % quickReaders.count].unsafeRead(run)
        }
        defer { idleQuickReaders.withLock { $0.append(idle) } }
        return try quickReaders[idle].unsafeRead(run)
    }

    public func writeMail<T: Sendable>(_ body: @escaping @Sendable (any MailQueueWriter) throws -> T) async throws -> T {
        try await committer.write(changesGeneration: false) { db in try body(db) }
    }

    public func write<T: Sendable>(changing body: @escaping @Sendable (any StoreWriter) throws -> (T, StandingChange)) async throws -> T {
        do {
            return try await committer.write(changesGeneration: true) { db in
                let (value, change) = try body(db)
                try db.recordStandingChange(change)
                return value
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // A race between two writers that both passed the rule's check; the index has the last word. SQLite's
            // text (table and column names) stays out of the client's message.
            throw GatehouseError.conflict("Already exists")
        }
    }
}
