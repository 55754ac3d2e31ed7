import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStoreSQLite

/// `gatehouse restore --from FILE`: checks a backup and makes it the data directory's database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup and make it the data directory's database (the server must be stopped).",
        discussion: """
            The file must pass SQLite's integrity check, hold only migrations this version knows, and carry \
            an audit chain that verifies (a retention checkpoint with the data directory's audit-signing.key \
            or --public-key). The database it replaces is kept beside it as gatehouse.sqlite.before-restore-TIME.
            """)

    @OptionGroup var dataDir: DataDirectoryOption
    @Option(name: .customLong("from"), help: "The backup file, as `gatehouse backup` wrote it.")
    var file: String
    @Option(name: .customLong("public-key"), help: "Check a retention checkpoint with this key (base64, as `audit prune` prints it) instead of the data directory's.")
    var publicKey: String?
    @Flag(name: .customLong("check-only"), help: "Check the file and stop; restore nothing.")
    var checkOnly = false

    func validate() throws {
        if let publicKey, (try? AuditVerifyingKey(base64: publicKey)) == nil {
            throw ValidationError("--public-key is not a base64 Ed25519 public key")
        }
    }

    func run() async throws {
        try dataDir.requireSQLite("gatehouse restore")
        let source = URL(fileURLWithPath: file).standardizedFileURL
        let key = try publicKey.map(AuditVerifyingKey.init(base64:)) ?? dataDirectoryKey()
        if checkOnly {
            let checked = try SQLiteBackup.check(source, key: key, workDirectory: FileManager.default.temporaryDirectory)
            emit("\(source.path) can be restored: \(summary(checked))")
            return
        }
        try FileManager.default.createDirectory(at: dataDir.url, withIntermediateDirectories: true)
        guard let lock = try DataDirectoryLock.acquire(dataDir.url, .exclusive) else {
            throw RestoreRefusal(
                description: "A Gatehouse server is running on \(dataDir.url.path): stop it, run this restore again, then start the server.")
        }
        // Held to the end: no server starts before the restore's own audit event is in the chain.
        defer { withExtendedLifetime(lock) {} }
        let restored = try SQLiteBackup.restore(source, into: dataDir.url.appendingPathComponent(SQLiteStore.fileName), key: key)
        try await dataDir.openServices().audit.acting(as: .local).recordStoreOperation(
            "store.restore", details: ["source": .string(source.path), "events_verified": .integer(Int64(restored.checked.auditEvents))])
        emit("Restored \(source.path) into \(dataDir.url.path): \(summary(restored.checked))")
        if let previous = restored.previous { emit("The database it replaced is kept at \(previous.path)") }
    }

    /// The data directory's own key, when it has one: a fresh directory gets none made for a restore.
    private func dataDirectoryKey() throws -> AuditVerifyingKey? {
        let file = dataDir.url.appendingPathComponent("audit-signing.key")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try dataDir.auditSigner().verifyingKey
    }

    private func summary(_ checked: SQLiteBackup.Checked) -> String {
        let migrated = checked.migrationsApplied == 0 ? "" : ", \(checked.migrationsApplied) newer migrations applied"
        return "integrity ok, audit chain of \(checked.auditEvents) events verified\(migrated)"
    }
}

struct RestoreRefusal: Error, CustomStringConvertible {
    var description: String
}
