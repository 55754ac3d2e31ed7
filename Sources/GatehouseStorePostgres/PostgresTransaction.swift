import Foundation
import GatehouseCore
import Logging
import PostgresNIO

/// The store protocols over one PostgreSQL connection inside a transaction (or, for `readNow`, outside
/// one). Each statement blocks its caller until the answer is there; the store runs bodies on threads of
/// its own, never on an event loop's.
///
/// Tables and columns are written in camelCase as the domain's names and, unquoted, PostgreSQL folds them
/// to lowercase: rows are read back by the lowercased name (`Row.value`).
struct PostgresTransaction {
    let connection: PostgresConnection
    let logger: Logger
    /// How long a statement may go unanswered before the connection counts as lost (a database that
    /// vanished without closing it would otherwise hold the caller for good).
    var answerTimeout: TimeAmount = .seconds(60)

    /// The advisory lock every write transaction holds until it commits.
    static let writeLock: Int64 = 0x6761_7465_686F_7573  // "gatehous"

    /// Runs a statement and returns its rows.
    @discardableResult
    func rows(_ query: PostgresQuery) throws -> [Row] {
        try answer(query).rows.map { Row(row: $0.makeRandomAccess()) }
    }

    /// The first row, if any.
    func row(_ query: PostgresQuery) throws -> Row? { try rows(query).first }

    /// Runs a statement; how many rows it inserted, changed or deleted.
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        try answer(query).metadata.rows ?? 0
    }

    private func answer(_ query: PostgresQuery) throws -> PostgresQueryResult {
        let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
        guard let result = try future.blockingResult(timeout: answerTimeout) else {
            _ = PostgresConnections.close(connection)
            throw GatehouseError.unavailable("the database did not answer within \(answerTimeout)")
        }
        return result
    }

    /// Runs `body` between BEGIN and COMMIT; a throw rolls everything back. A write adds one to the write
    /// generation unless `changesGeneration` is false (`GatehouseStore.writeMail`).
    func transaction<T>(readOnly: Bool, changesGeneration: Bool = true, _ body: () throws -> T) throws -> T {
        try execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        do {
            if !readOnly {
                // One writer at a time in the whole installation, as SQLite has: a rule's check (a free seat,
                // a free email, the audit chain's head) reads what the previous writer committed, on any server.
                try execute("SELECT pg_advisory_xact_lock(\(Self.writeLock))")
            }
            let value = try body()
            if !readOnly, changesGeneration { try execute("UPDATE writeGeneration SET value = value + 1") }
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Whether the connection is usable again after `error` ended a transaction: the rollback above ran
    /// for errors the server sent; a broken connection is not reused.
    static func isAtRest(after error: any Error) -> Bool {
        switch error {
        case let error as PSQLError: return error.code == .server
        case let error as GatehouseError:
            if case .unavailable = error { return false }  // an answer that never came: the connection is closing
            return true
        default: return true
        }
    }

    /// A row read back, its columns found by name.
    struct Row {
        let row: PostgresRandomAccessRow

        /// The column's value; a column that is missing or holds another type fails loudly.
        func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
            let name = column.lowercased()
            guard row.contains(name) else { throw GatehouseError.corruptData("the database sent no column \(column)") }
            do {
                return try row[name].decode(T.self)
            } catch {
                throw GatehouseError.corruptData("column \(column) does not hold a \(T.self): \(error)")
            }
        }

        /// A `BYTEA` column (a `[UInt8]` would decode a PostgreSQL array of numbers).
        func bytes(_ column: String) throws -> [UInt8] {
            Array(try value(column, as: ByteBuffer.self).readableBytesView)
        }

        /// An enum-valued column (`StoredValue.parse`).
        func value<T: RawRepresentable>(_ column: String, table: String, as type: T.Type = T.self) throws -> T where T.RawValue == String {
            try StoredValue.parse(try value(column, as: String.self), table: table, column: column)
        }
    }
}

/// The requirements are implemented per aggregate, in `PostgresTransaction+….swift`.
extension PostgresTransaction: StoreWriter {}
