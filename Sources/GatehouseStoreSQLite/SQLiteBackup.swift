import Foundation
import GatehouseCore
import GRDB

/// Online backups of the store and their restore.
///
/// A backup is `VACUUM INTO`: one read transaction of its own, so it is a consistent snapshot of every
/// commit made before it began, taken while the server keeps writing (readers never block the writer in
/// WAL mode). A restore checks the file the way the server would need it (SQLite's integrity check, only
/// migrations this binary knows, the audit chain intact) on a migrated copy beside the database, then
/// copies it into the database with SQLite's backup API, which goes through SQLite's own locking.
public enum SQLiteBackup {
    /// What a backup wrote.
    public struct Written: Sendable, Hashable {
        /// The backup's size in bytes.
        public var bytes: Int64
        /// The newest audit event in it (0 when there is none).
        public var auditSequence: Int64
    }

    /// What a checked backup holds.
    public struct Checked: Sendable, Hashable {
        /// Migrations this binary applied to it after it was taken (an older binary made it).
        public var migrationsApplied: Int
        /// Audit events whose chain was verified.
        public var auditEvents: Int
    }

    /// Writes a consistent copy of the database at `database` to `file`, which must not exist. The copy is
    /// written beside `file` under a temporary name, flushed to disk, then renamed, so `file` is either
    /// absent or complete.
    public static func backup(database: URL, to file: URL) throws -> Written {
        guard FileManager.default.fileExists(atPath: database.path) else {
            throw SQLiteBackupError("There is no database at \(database.path)")
        }
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw SQLiteBackupError("\(file.path) already exists; a backup never overwrites a file")
        }
        let partial = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).partial-\(UUID().uuidString)")
        defer { removeDatabase(at: partial) }
        let source = try DatabaseQueue(path: database.path, configuration: connection())
        // Outside any transaction: VACUUM INTO opens its own read transaction, and SQLite refuses it inside one.
        try source.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [partial.path]) }
        try source.close()
        let copy = try DatabaseQueue(path: partial.path, configuration: connection())
        let sequence = try copy.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM auditEvent") ?? 0 }
        try copy.close()
        try flush(partial)
        try FileManager.default.moveItem(at: partial, to: file)
        try flush(file.deletingLastPathComponent())
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        return Written(bytes: size, auditSequence: sequence)
    }

    /// Checks `file` as a backup this binary can restore, without changing it: the checks run on a copy in
    /// `workDirectory` that is migrated to this binary's schema (as the server would) and removed after.
    /// `key` checks a retention checkpoint's signature; nil is enough only when the log has none.
    public static func check(_ file: URL, key: AuditVerifyingKey?, workDirectory: URL) throws -> Checked {
        let copy = workDirectory.appendingPathComponent(".\(SQLiteStore.fileName).checking-\(UUID().uuidString)")
        defer { removeDatabase(at: copy) }
        return try prepare(file, at: copy, key: key)
    }

    /// Checks `file` like `check`, then makes it the database at `database` (created if absent). The caller
    /// makes sure no server has the database open. The database it replaces, if any, is first copied to
    /// `<database>.before-restore-<time>` and that path returned.
    public static func restore(
        _ file: URL, into database: URL, key: AuditVerifyingKey?, now: Date = Date()
    ) throws -> (checked: Checked, previous: URL?) {
        let directory = database.deletingLastPathComponent()
        let staged = directory.appendingPathComponent(".\(database.lastPathComponent).restoring-\(UUID().uuidString)")
        defer { removeDatabase(at: staged) }
        let checked = try prepare(file, at: staged, key: key)
        var previous: URL?
        if FileManager.default.fileExists(atPath: database.path) {
            let stamp = now.formatted(.iso8601).replacingOccurrences(of: ":", with: "")
            let kept = directory.appendingPathComponent("\(database.lastPathComponent).before-restore-\(stamp)")
            _ = try backup(database: database, to: kept)
            previous = kept
        }
        let source = try DatabaseQueue(path: staged.path, configuration: connection())
        let destination = try DatabaseQueue(path: database.path, configuration: connection())
        try source.backup(to: destination)
        try source.close()
        try destination.close()
        return (checked, previous)
    }

    /// Copies `file` to `copy`, then checks and migrates the copy.
    private static func prepare(_ file: URL, at copy: URL, key: AuditVerifyingKey?) throws -> Checked {
        guard FileManager.default.fileExists(atPath: file.path) else { throw SQLiteBackupError("There is no file at \(file.path)") }
        do {
            try FileManager.default.copyItem(at: file, to: copy)
        } catch {
            throw SQLiteBackupError("Cannot copy \(file.path) to \(copy.path): \(error.localizedDescription)")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: copy.path, configuration: connection())
            let problems = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            guard problems == ["ok"] else {
                throw SQLiteBackupError("\(file.path) fails SQLite's integrity check: \(problems.prefix(5).joined(separator: "; "))")
            }
        } catch let error as DatabaseError {
            throw SQLiteBackupError("\(file.path) is not a readable SQLite database (\(error.message ?? error.description))")
        }
        defer { try? queue.close() }
        let migrator = Migrations.migrator
        let (applied, superseded) = try queue.read { db in (try migrator.appliedIdentifiers(db), try migrator.hasBeenSuperseded(db)) }
        guard let first = migrator.migrations.first, applied.contains(first) else {
            throw SQLiteBackupError("\(file.path) is not a Gatehouse database (it has none of Gatehouse's migrations)")
        }
        guard !superseded else {
            let unknown = applied.subtracting(migrator.migrations).sorted()
            throw SQLiteBackupError(
                "\(file.path) was made by a newer Gatehouse (migrations \(unknown.joined(separator: ", ")) are unknown to this one): restore it with that version")
        }
        try migrator.migrate(queue)
        let verification = try queue.read { db -> AuditVerification in
            let reader = SQLiteTransaction(db: db)
            let checkpoint = try reader.auditCheckpoint()
            guard let key = key ?? (checkpoint == nil ? AuditSigner().verifyingKey : nil) else {
                throw SQLiteBackupError(
                    "The backup's audit log starts at a retention checkpoint, and no key was given to check its signature: "
                        + "keep the original data directory's audit-signing.key in the target data directory, or pass --public-key")
            }
            return try AuditChain.verify(reader, key: key)
        }
        switch verification {
        case .intact(let count):
            return Checked(migrationsApplied: migrator.migrations.count - applied.count, auditEvents: count)
        case .broken(let id, let sequence, let reason):
            throw SQLiteBackupError("The audit chain in \(file.path) is broken at event \(id) (sequence \(sequence)): \(reason)")
        }
    }

    private static func connection() -> Configuration {
        var config = Configuration()
        config.busyMode = .timeout(10)
        return config
    }

    /// Puts the file's (or directory's) content on disk before it is relied on.
    private static func flush(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY)
        guard descriptor >= 0 else { throw SQLiteBackupError("Cannot open \(url.path) to flush it to disk") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw SQLiteBackupError("Cannot flush \(url.path) to disk") }
    }

    /// A database file and what SQLite may have left beside it.
    private static func removeDatabase(at url: URL) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: url.path + suffix)
        }
    }
}

/// Why a backup or restore did not happen, in words for the operator.
public struct SQLiteBackupError: Error, CustomStringConvertible, Sendable {
    public var description: String

    init(_ description: String) { self.description = description }
}
