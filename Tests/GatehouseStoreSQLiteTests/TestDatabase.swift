import Foundation
import GatehouseCore
import GatehouseStorePostgres
import GatehouseStoreSQLite
import GRDB
import Logging
import NIOPosix
import PostgresNIO
import Testing

/// The store a fixture runs on: SQLite in its temporary directory, or — when `GATEHOUSE_TEST_DATABASE_URL`
/// names a PostgreSQL server (the test command starts one and runs these suites a second time) — a fresh
/// database of its own on that server. Both run every test of this target.
enum TestDatabase: Sendable {
    case sqlite(directory: URL)
    case postgres(url: String)

    /// A new, empty database for one fixture.
    static func make(directory: URL) async throws -> TestDatabase {
        guard let server = ProcessInfo.processInfo.environment["GATEHOUSE_TEST_DATABASE_URL"], !server.isEmpty else {
            return .sqlite(directory: directory)
        }
        let name = "gh_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.run(url: server, ["CREATE DATABASE \(name)"])
        guard var url = URLComponents(string: server) else { throw GatehouseError.corruptData("GATEHOUSE_TEST_DATABASE_URL is not a URL") }
        url.path = "/" + name
        return .postgres(url: try #require(url.string))
    }

    /// Opens the store (a second call opens a second store on the same data, as another process would),
    /// reporting to `recorder`.
    func open(recorder: any OperationsRecorder = SilentRecorder()) throws -> any GatehouseStore {
        switch self {
        case .sqlite(let directory): try SQLiteStore(directory: directory, recorder: recorder)
        case .postgres(let url): try PostgresStore(url: url, recorder: recorder)
        }
    }

    /// Raw SQL beside the store, as a damaged or foreign write would leave the data: `sqlite` on the file,
    /// `postgres` on the database (their dialects and table names differ: SQLite's `user` is `users`).
    func execute(sqlite: String, postgres: String) async throws {
        switch self {
        case .sqlite(let directory):
            let queue = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStore.fileName).path)
            try await queue.write { db in try db.execute(sql: sqlite) }
        case .postgres(let url):
            try await Self.run(url: url, postgres.split(separator: ";").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) })
        }
    }

    /// The first column of every row of a query, as text.
    func strings(sqlite: String, postgres: String) async throws -> [String] {
        switch self {
        case .sqlite(let directory):
            let queue = try DatabaseQueue(path: directory.appendingPathComponent(SQLiteStore.fileName).path)
            return try await queue.read { db in try String.fetchAll(db, sql: sqlite) }
        case .postgres(let url):
            return try await Self.connected(url) { connection in
                var values: [String] = []
                for try await (value) in try await connection.query(PostgresQuery(unsafeSQL: postgres), logger: Self.logger).decode(String.self) {
                    values.append(value)
                }
                return values
            }
        }
    }

    var isPostgres: Bool { if case .postgres = self { true } else { false } }

    private static let logger = Logger(label: "gatehouse-test-database")

    private static func run(url: String, _ statements: [String]) async throws {
        try await connected(url) { connection in
            for statement in statements { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
        }
    }

    private static func connected<T: Sendable>(_ url: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try PostgresSettings(url: url).configuration, id: 0, logger: logger)
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
