import Foundation
import GatehouseCore
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a write that returned is
/// on disk even if the process dies right after.
public final class SQLiteStore: GatehouseStore {
    private let pool: DatabasePool
    private let committer: GroupCommitter

    /// Opens (creating if needed) `<directory>/gatehouse.sqlite` and runs pending migrations.
    public convenience init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try self.init(path: directory.appendingPathComponent("gatehouse.sqlite").path)
    }

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        try Migrations.migrator.migrate(pool)
        committer = GroupCommitter(pool: pool)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteTransaction(db: db)) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        do {
            return try await committer.write(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            // A race between two writers that both passed the rule's check; the index has the last word.
            throw GatehouseError.conflict("Already exists: \(error.message ?? "unique constraint")")
        }
    }
}
