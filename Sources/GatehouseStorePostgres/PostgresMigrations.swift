import Foundation
import GatehouseCore
import PostgresNIO

/// Named, append-only schema migrations of the PostgreSQL store, its own (it starts from today's schema,
/// not from SQLite's history). Never edit a shipped migration: add a new one. Servers starting together
/// take turns (an advisory lock), so each migration runs once.
enum PostgresMigrations {
    struct Migration: Sendable {
        let name: String
        /// Run in order in one transaction (the extended protocol takes one statement at a time).
        let statements: [String]
    }

    static let all: [Migration] = PostgresSchema.accounts + PostgresSchema.directory + PostgresSchema.permissions + PostgresSchema.identity + PostgresSchema.audit
        + PostgresSchema.standing

    private static let lock: Int64 = 0x6761_7465_6D69_6772  // "gatemigr"

    /// Applies the migrations this database lacks; refuses a database that has migrations this binary
    /// does not know (a newer Gatehouse set it up).
    static func migrate(_ db: PostgresTransaction) throws {
        try db.transaction(readOnly: false) {
            try db.execute("SELECT pg_advisory_xact_lock(\(lock))")
            try db.execute("CREATE TABLE IF NOT EXISTS gatehouseMigration (name TEXT PRIMARY KEY, appliedAt TIMESTAMPTZ NOT NULL DEFAULT now())")
            let applied = try appliedNames(db)
            try refuseUnknown(applied)
            for migration in all where !applied.contains(migration.name) {
                for statement in migration.statements { try db.execute(PostgresQuery(unsafeSQL: statement)) }
                try db.execute("INSERT INTO gatehouseMigration (name) VALUES (\(migration.name))")
            }
        }
    }

    /// Throws unless the database answers and holds exactly the migrations this binary knows (`/ready`).
    static func checkCurrent(_ db: PostgresTransaction) throws {
        let applied = try appliedNames(db)
        try refuseUnknown(applied)
        let missing = all.map(\.name).filter { !applied.contains($0) }
        if !missing.isEmpty { throw GatehouseError.unavailable("migrations not applied yet: \(missing.joined(separator: ", "))") }
    }

    private static func appliedNames(_ db: PostgresTransaction) throws -> Set<String> {
        Set(try db.rows("SELECT name FROM gatehouseMigration").map { try $0.value("name", as: String.self) })
    }

    private static func refuseUnknown(_ applied: Set<String>) throws {
        let known = Set(all.map(\.name))
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { throw PostgresStoreError.schemaTooNew(unknown) }
    }
}

/// The schema, one part per aggregate (`PostgresSchema+….swift`), in the order `PostgresMigrations.all` applies them.
enum PostgresSchema {}
