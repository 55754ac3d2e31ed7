import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseStorePostgres
import GatehouseStoreSQLite

/// `--data-dir` and `--database-url`, shared by every command that opens the store.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (env GATEHOUSE_DATA_DIR; default ./gatehouse-data).")
    var path: String?

    @Option(
        name: .customLong("database-url"),
        help: "A PostgreSQL database for the store, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (env GATEHOUSE_DATABASE_URL); without it, SQLite in the data directory.")
    var databaseURLOption: String?

    /// The PostgreSQL URL when one is given (option first, then the environment); nil means SQLite.
    var databaseURL: String? {
        let given = databaseURLOption ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATABASE_URL"]
        return given.flatMap { $0.isEmpty ? nil : $0 }
    }

    var url: URL {
        let chosen = path ?? ProcessInfo.processInfo.environment["GATEHOUSE_DATA_DIR"] ?? "gatehouse-data"
        return URL(fileURLWithPath: chosen, isDirectory: true).standardizedFileURL
    }

    /// Refuses a command that works on the SQLite file only (backup, restore) when the store is PostgreSQL.
    func requireSQLite(_ command: String) throws {
        if databaseURL != nil {
            throw ValidationError("\(command) works on the embedded SQLite store; for PostgreSQL use its own tools (pg_dump, pg_restore)")
        }
    }

    /// The store: PostgreSQL when a database URL is given (the data directory then keeps only the audit
    /// signing key, the outbox and account.env), else SQLite in the data directory.
    func openStore(recorder: any OperationsRecorder = SilentRecorder()) throws -> any GatehouseStore {
        guard let databaseURL else { return try SQLiteStore(directory: url, recorder: recorder) }
        // Its errors say what is wrong (the URL, the database unreachable, a newer schema); no usage text after.
        return try PostgresStore(url: databaseURL, recorder: recorder)
    }

    /// The services over this data directory (the composition root every command shares with `serve`), with
    /// the sign-in settings of the environment; links in mail start with `publicURL` unless
    /// `GATEHOUSE_PUBLIC_URL` says otherwise. `recorder` is given to the store and the services (metrics).
    func openServices(
        publicURL: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        recorder: any OperationsRecorder = SilentRecorder()
    ) throws -> GatehouseServices {
        let env = environment
        let listening = "http://\(env["GATEHOUSE_HOST"] ?? "127.0.0.1"):\(env["GATEHOUSE_PORT"] ?? "8080")"
        let settings: IdentitySettings
        do {
            settings = try IdentitySettings.fromEnvironment(env, publicURL: publicURL ?? listening)
        } catch let error as GatehouseError {
            throw ValidationError(error.description)
        }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let store = try openStore(recorder: recorder)
        return try GatehouseServices(store: store, identity: settings, auditSigner: try auditSigner(), recorder: recorder)
    }

    /// The key that signs audit retention checkpoints, made on first need beside the database and readable
    /// by the operator only. A file that is there but unreadable as a key stops the command.
    func auditSigner() throws -> AuditSigner {
        let file = url.appendingPathComponent("audit-signing.key")
        if let stored = try? String(contentsOf: file, encoding: .utf8) {
            guard let raw = Data(base64Encoded: stored.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw ValidationError("\(file.path) is not a base64 audit signing key")
            }
            do { return try AuditSigner(rawRepresentation: raw) } catch { throw ValidationError("\(file.path): \(error)") }
        }
        let signer = AuditSigner()
        guard FileManager.default.createFile(
            atPath: file.path, contents: Data((signer.rawRepresentation.base64EncodedString() + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("Cannot write the audit signing key to \(file.path)") }
        return signer
    }
}

/// Writes a line to stdout immediately, so scripts reading a pipe see it while the server runs.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
