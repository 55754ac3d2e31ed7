import ArgumentParser
import Foundation
import GatehouseStoreSQLite

/// `gatehouse backup --to FILE`: a consistent copy of the database, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to a file, while the server keeps running.",
        discussion: """
            The copy holds every write acknowledged before the backup began. The audit signing key \
            (audit-signing.key in the data directory) is not in it: keep that file with your backups.
            """)

    @OptionGroup var dataDir: DataDirectoryOption
    @Option(name: .customLong("to"), help: "The file to write (must not exist).")
    var file: String

    func run() async throws {
        try dataDir.requireSQLite("gatehouse backup")
        let database = dataDir.url.appendingPathComponent(SQLiteStore.fileName)
        let target = URL(fileURLWithPath: file).standardizedFileURL
        let written = try SQLiteBackup.backup(database: database, to: target)
        emit("Backed up \(database.path) to \(target.path) (\(written.bytes) bytes, audit events through sequence \(written.auditSequence))")
    }
}
