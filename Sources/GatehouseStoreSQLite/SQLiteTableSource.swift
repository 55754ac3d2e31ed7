import Foundation
import GatehouseCore
import GRDB

/// The embedded store's tables as plain rows, read from a data directory's database file (`gatehouse migrate`).
///
/// The file is first opened as the store would (its pending migrations run, so every table has the shape
/// this binary knows), then read through a read-only connection. A file set up by a newer Gatehouse is
/// refused before anything touches it.
public final class SQLiteTableSource: TableSource {
    private let queue: DatabaseQueue

    /// The bookkeeping the target store keeps its own way: applied migrations, AUTOINCREMENT counters, the
    /// write generation and the generations of each scope's last change (they count in the target's own generations).
    private static let skipped: Set<String> = ["grdb_migrations", "sqlite_sequence", "writeGeneration", "standingChange"]

    /// Opens `<directory>/gatehouse.sqlite`; throws `SQLiteTableSourceError` when there is none or when its
    /// schema is newer than this binary's.
    public init(directory: URL) throws {
        let path = directory.appendingPathComponent(SQLiteStore.fileName).path
        guard FileManager.default.fileExists(atPath: path) else { throw SQLiteTableSourceError.noDatabase(path) }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        let check = try DatabaseQueue(path: path, configuration: config)
        let unknown = try check.read { db in
            try Migrations.migrator.appliedIdentifiers(db).subtracting(Migrations.migrator.migrations).sorted()
        }
        try check.close()
        if !unknown.isEmpty { throw SQLiteTableSourceError.schemaTooNew(path, unknown) }
        // Brings an older file up to date, the way a server starting on it would.
        _ = try SQLiteStore(directory: directory)
        queue = try DatabaseQueue(path: path, configuration: config)
    }

    public func tableNames() throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .filter { !Self.skipped.contains($0) && !$0.hasPrefix("sqlite_") }
        }
    }

    public func columns(of table: String) throws -> [String] {
        try queue.read { db in try db.columns(in: table).map(\.name) }
    }

    public func count(of table: String) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0 }
    }

    public func rows(of table: String, batchSize: Int, _ body: ([[StoredCell]]) throws -> Void) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
            var batch: [[StoredCell]] = []
            batch.reserveCapacity(batchSize)
            while let row = try rows.next() {
                batch.append(row.databaseValues.map(\.cell))
                if batch.count >= max(1, batchSize) {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }
}

/// Why a data directory cannot be copied.
public enum SQLiteTableSourceError: Error, CustomStringConvertible, Sendable {
    case noDatabase(String)
    case schemaTooNew(String, [String])

    public var description: String {
        switch self {
        case .noDatabase(let path): return "There is no Gatehouse database at \(path)"
        case .schemaTooNew(let path, let names):
            let unknown = names.joined(separator: ", ")
            return "\(path) was set up by a newer Gatehouse (migrations this version does not know: \(unknown)); migrate it with that version or a newer one"
        }
    }
}

extension DatabaseValue {
    fileprivate var cell: StoredCell {
        switch storage {
        case .null: return .null
        case .int64(let value): return .integer(value)
        case .double(let value): return .real(value)
        case .string(let value): return .text(value)
        case .blob(let data): return .blob([UInt8](data))
        }
    }
}
