import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStorePostgres
import GatehouseStoreSQLite

/// `gatehouse migrate --from DIR --to URL`: moves an embedded install onto PostgreSQL, so several servers
/// can share it. All or nothing: one write transaction copies every table, checks every count, and only
/// then commits; the audit chain is verified on the target afterwards.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an embedded (SQLite) install into an empty PostgreSQL database (the server must be stopped).",
        discussion: """
            Every table is copied as stored (password and key hashes, the audit log byte for byte), in one \
            transaction: a failure leaves the target as it was. A target that already holds data, or a data \
            directory set up by a newer Gatehouse, is refused. Connect as the user the servers use (the tables' \
            owner). Keep the data directory: its audit-signing.key still signs retention checkpoints for servers \
            started with --database-url.
            """)

    @Option(name: .customLong("from"), help: ArgumentHelp("The data directory of the embedded install.", valueName: "dir"))
    var from: String

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp(
            """
            The empty PostgreSQL database, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (env GATEHOUSE_DATABASE_URL, \
            which keeps a password out of the process list).
            """,
            valueName: "url"))
    var to: String?

    /// The target: the option, else the environment the servers read it from.
    private var targetURL: String? {
        (to ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if targetURL == nil { throw ValidationError("Name the PostgreSQL database with --to URL (or GATEHOUSE_DATABASE_URL)") }
    }

    func run() async throws {
        guard let targetURL else { throw ValidationError("Name the PostgreSQL database with --to URL (or GATEHOUSE_DATABASE_URL)") }
        let directory = URL(fileURLWithPath: from, isDirectory: true).standardizedFileURL
        let file = directory.appendingPathComponent(SQLiteStore.fileName)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw MigrateRefusal(description: "There is no Gatehouse database at \(file.path)")
        }
        // A server still writing would make the copy miss its last writes.
        guard let lock = try DataDirectoryLock.acquire(directory, .exclusive) else {
            throw MigrateRefusal(description: "A Gatehouse server is running on \(directory.path): stop it, then run this migrate again.")
        }
        defer { withExtendedLifetime(lock) {} }
        let key = try verifyingKey(directory)
        let source: SQLiteTableSource
        do {
            source = try SQLiteTableSource(directory: directory)
        } catch let error as SQLiteTableSourceError {
            throw MigrateRefusal(description: error.description)
        }
        let target: PostgresStore
        do {
            target = try PostgresStore(url: targetURL)
        } catch let error as PostgresStoreError {
            throw MigrateRefusal(description: "Cannot use the PostgreSQL database: \(error.description)")
        } catch let error as GatehouseError {
            throw MigrateRefusal(description: "Cannot use the PostgreSQL database: \(error.description)")
        }
        let tables: [ImportedTable]
        do {
            tables = try await target.importTables(from: source)
        } catch let error as PostgresImportError {
            throw MigrateRefusal(description: "Nothing was migrated. \(error.description)")
        } catch let error as GatehouseError {
            throw MigrateRefusal(description: "Nothing was migrated. \(error.description)")
        } catch {
            throw MigrateRefusal(description: "Nothing was migrated. \(error)")
        }
        for table in tables { emit("\(table.name): \(table.targetRows) rows") }
        switch try await target.read({ try AuditChain.verify($0, key: key) }) {
        case .intact(let count):
            emit("Audit chain on the target: verified \(count) events, intact")
            // The chain then says when and from where its data came (after the check: the copy is the source's).
            try await GatehouseServices(store: target).audit.acting(as: .local).recordStoreOperation(
                "store.migrate", details: ["source": .string(directory.path), "events_verified": .integer(Int64(count))])
        case .broken(let id, let sequence, let reason):
            // The copy is committed as the source was: a chain broken there is broken here too (`audit verify` on the source says so).
            emit("Audit chain on the target: broken at event \(id) (sequence \(sequence)): \(reason)")
            emit("The data was copied; check the source with `gatehouse audit verify --data-dir \(directory.path)`")
            throw ExitCode(1)
        }
        emit("Migrated \(directory.path) to PostgreSQL: start the servers with --database-url (or GATEHOUSE_DATABASE_URL)")
    }

    /// The key that checks the source's retention checkpoint. Without a key file there can be no valid
    /// checkpoint: any key then verifies a chain without one, and refuses one that claims a checkpoint.
    private func verifyingKey(_ directory: URL) throws -> AuditVerifyingKey {
        let file = directory.appendingPathComponent("audit-signing.key")
        guard let stored = try? String(contentsOf: file, encoding: .utf8) else { return AuditSigner().verifyingKey }
        guard let raw = Data(base64Encoded: stored.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw MigrateRefusal(description: "\(file.path) is not a base64 audit signing key")
        }
        do { return try AuditSigner(rawRepresentation: raw).verifyingKey } catch { throw MigrateRefusal(description: "\(file.path): \(error)") }
    }
}

/// Why `migrate` copied nothing, said as the operator needs it.
struct MigrateRefusal: Error, CustomStringConvertible {
    let description: String
}
