import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import GatehouseTestSupport
import GRDB
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gatehouse backup` and `gatehouse restore`, run as the operator runs them: the built binary serving
/// while clients create users, a backup taken in the middle of that load, then a restore after the server
/// stops. Everything acknowledged before the backup began is back, the audit chain verifies, and a
/// restore is refused while a server runs and for a file that is damaged or not a database.
@Suite(.serialized) struct BackupRestoreTests {
    /// The `gatehouse` binary the tests were built with (beside the test bundle), or `GATEHOUSE_BIN`.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["GATEHOUSE_BIN"] { return URL(fileURLWithPath: path) }
        let built = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gatehouse")
        try #require(
            FileManager.default.isExecutableFile(atPath: built.path),
            "no gatehouse binary at \(built.path): build the package (swift build --build-tests) or set GATEHOUSE_BIN")
        return built
    }

    /// A run of the binary to its end: exit status and everything it printed.
    struct Run {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let ran = try ChildProcess.run(
            try binary().path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new })
        return Run(status: ran.status, output: String(decoding: ran.output, as: UTF8.self))
    }

    /// How long a test polls: until a wall-clock time has passed *and* it has polled a number of times. On a
    /// busy machine the test process itself can be starved for minutes (long CPU-bound suites hold every
    /// cooperative thread), and a wall clock alone would then expire without a single poll having run.
    struct Patience {
        private let deadline: ContinuousClock.Instant
        private var pollsLeft: Int

        init(seconds: Int, polls: Int) {
            deadline = .now + .seconds(seconds)
            pollsLeft = polls
        }

        /// Counts one poll; false once both the time and the polls are used up.
        mutating func poll() -> Bool {
            pollsLeft -= 1
            return pollsLeft >= 0 || ContinuousClock.now < deadline
        }
    }

    /// A port no one listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `gatehouse serve` on a fresh data directory, with the test's account credentials.
    final class Server {
        let process: ChildProcess
        let client: Client
        let log: URL

        init(dataDir: URL) throws {
            let port = try BackupRestoreTests.freePort()
            client = Client(base: try #require(URL(string: "http://127.0.0.1:\(port)")))
            log = dataDir.deletingLastPathComponent().appendingPathComponent("server-\(port).log")
            process = try ChildProcess(
                try BackupRestoreTests.binary().path, ["serve", "--data-dir", dataDir.path, "--port", String(port)],
                environment: ProcessInfo.processInfo.environment.merging([
                    "GATEHOUSE_ACCOUNT_URL": "account://\(TestApp.key):\(TestApp.secret)@\(TestApp.account)",
                    "GATEHOUSE_ADMIN_EMAIL": "root@example.com",
                ]) { _, new in new },
                output: log.path)
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        func waitUntilUp() async throws {
            // Each probe gives up after two seconds: one that hangs (a busy CI machine) must not eat the whole wait.
            var patience = Patience(seconds: 120, polls: 600)
            let probe = URLRequest(url: client.base.appendingPathComponent("health"), timeoutInterval: 2)
            while patience.poll() {
                try #require(process.isRunning, "the server stopped: \(output)")
                if let (_, response) = try? await URLSession.shared.data(for: probe),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the server did not answer within two minutes and 600 probes: \(output)")
        }

        /// SIGTERM, then the graceful shutdown to its end.
        func stop() async throws {
            process.terminate()
            var patience = Patience(seconds: 30, polls: 600)
            while process.isRunning, patience.poll() { try await Task.sleep(for: .milliseconds(50)) }
            try #require(!process.isRunning, "the server did not stop: \(output)")
        }
    }

    /// The provisioning API of a running server, as the account's key.
    struct Client: Sendable {
        let base: URL

        /// Creates a user; its id once the server answered 200 (acknowledged, hence durable).
        func createUser(_ n: String) async throws -> String? {
            var request = URLRequest(url: base.appendingPathComponent("v1_1/provisioning/accounts/\(TestApp.account)/users"))
            request.httpMethod = "POST"
            request.setValue("Basic " + Data("\(TestApp.key):\(TestApp.secret)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"name": "Load \#(n)", "email": "load-\#(n)@example.com"}"#.utf8)
            let (data, response) = try await URLSession.shared.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String
        }
    }

    /// Users acknowledged so far, in the order the server answered, with when each request was sent; and
    /// when the load is to stop.
    final class Acknowledged: Sendable {
        private let users = Mutex<[(id: String, sent: ContinuousClock.Instant)]>([])
        private let refused = Atomic<Int>(0)
        private let stopped = Atomic<Bool>(false)
        var isStopped: Bool { stopped.load(ordering: .relaxed) }
        func stop() { stopped.store(true, ordering: .relaxed) }

        func append(_ id: String?, sent: ContinuousClock.Instant) {
            if let id { users.withLock { $0.append((id, sent)) } } else { refused.add(1, ordering: .relaxed) }
        }
        var all: [String] { users.withLock { $0.map(\.id) } }
        /// Those whose request left after `instant`: the server cannot have committed them before it.
        func sent(after instant: ContinuousClock.Instant) -> [String] { users.withLock { $0.filter { $0.sent > instant }.map(\.id) } }
        var refusals: Int { refused.load(ordering: .relaxed) }
    }

    static func waitFor(_ count: Int, _ what: @Sendable () -> [String]) async throws {
        var patience = Patience(seconds: 60, polls: 3000)
        while what().count < count, patience.poll() { try await Task.sleep(for: .milliseconds(20)) }
        try #require(what().count >= count, "only \(what().count) users created")
    }

    @Test func aBackupUnderWriteLoadRestoresEverythingAcknowledgedBeforeItBegan() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-backup-\(UUID().uuidString)")
        let dataDir = root.appendingPathComponent("data")
        let backup = root.appendingPathComponent("backup.sqlite")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }

        let server = try Server(dataDir: dataDir)
        try await server.waitUntilUp()
        let seats = try Self.run(["account", "--data-dir", dataDir.path, "--user-limit", "100000"])
        #expect(seats.status == 0, "\(seats.output)")

        let acknowledged = Acknowledged()
        let client = server.client
        let (beforeBackup, afterBackup) = try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var n = 0
                    while !acknowledged.isStopped {
                        let sent = ContinuousClock.now
                        acknowledged.append(try await client.createUser("\(worker)-\(n)"), sent: sent)
                        n += 1
                    }
                }
            }
            defer { acknowledged.stop() }
            try await Self.waitFor(40) { acknowledged.all }
            let beforeBackup = acknowledged.all
            let made = try Self.run(["backup", "--data-dir", dataDir.path, "--to", backup.path])
            #expect(made.status == 0, "\(made.output)")
            #expect(made.output.contains("Backed up"))
            let backupEnded = ContinuousClock.now
            try await Self.waitFor(40) { acknowledged.sent(after: backupEnded) }
            acknowledged.stop()
            try await group.waitForAll()
            return (beforeBackup, acknowledged.sent(after: backupEnded))
        }
        #expect(acknowledged.refusals == 0)

        // Not while the server runs: it holds the database.
        let refused = try Self.run(["restore", "--data-dir", dataDir.path, "--from", backup.path])
        #expect(refused.status != 0)
        #expect(refused.output.contains("server is running"), "\(refused.output)")
        try await server.stop()

        let restored = try Self.run(["restore", "--data-dir", dataDir.path, "--from", backup.path])
        #expect(restored.status == 0, "\(restored.output)")
        #expect(restored.output.contains("audit chain of"))
        let verified = try Self.run(["audit", "verify", "--data-dir", dataDir.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("the chain is intact"))

        let store = try SQLiteStore(directory: dataDir)
        // The restored chain ends with the restore itself, by the command line.
        let newest = try await store.read { db in try db.auditEvents(AuditQuery(accountID: TestApp.account, limit: 1)) }.first
        #expect(newest?.action == "store.restore" && newest?.actor.type == .cli, "\(String(describing: newest))")
        let present = try await store.read { db in
            try Set((beforeBackup + afterBackup).filter { try db.user(id: $0, accountID: TestApp.account) != nil })
        }
        let missing = beforeBackup.filter { !present.contains($0) }
        #expect(missing.isEmpty, "acknowledged before the backup began, missing after the restore: \(missing)")
        // Users asked for after the backup had finished are not in it: the restore replaced the database.
        let unexpected = afterBackup.filter { present.contains($0) }
        #expect(unexpected.isEmpty, "sent after the backup ended, yet in it: \(unexpected)")
        // The database it replaced is kept, with every user acknowledged.
        let kept = try FileManager.default.contentsOfDirectory(atPath: dataDir.path).filter { $0.hasPrefix("gatehouse.sqlite.before-restore-") }
        #expect(kept.count == 1)
        let previous = try SQLiteStore(path: dataDir.appendingPathComponent(try #require(kept.first)).path)
        let everyone = acknowledged.all
        let previousCount = try await previous.read { db in try everyone.filter { try db.user(id: $0, accountID: TestApp.account) != nil }.count }
        #expect(previousCount == everyone.count)

        // The restored directory serves again.
        let again = try Server(dataDir: dataDir)
        try await again.waitUntilUp()
        #expect(try await again.client.createUser("after-restore") != nil)
        try await again.stop()
    }

    @Test func aCheckedBackupCountsEveryAuditEventItVerified() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in _ = try await AuditHTTPTests.createGroups(3, client: client) }
        let events = try await app.store.read { db in
            var count = 0
            try db.forEachAuditEvent { _ in count += 1; return true }
            return count
        }
        #expect(events >= 3)
        let backup = app.directory.appendingPathComponent("copy.sqlite")
        let written = try SQLiteBackup.backup(database: app.directory.appendingPathComponent(SQLiteStore.fileName), to: backup)
        #expect(written.auditSequence == Int64(events))
        let checked = try SQLiteBackup.check(backup, key: nil, workDirectory: app.directory)
        #expect(checked.auditEvents == events)
        #expect(checked.migrationsApplied == 0)
    }

    @Test func aDamagedOrForeignFileIsRefusedAndNothingIsReplaced() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-restore-\(UUID().uuidString)")
        let dataDir = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try Server(dataDir: dataDir)
        try await server.waitUntilUp()
        for n in 0..<3 { #expect(try await server.client.createUser("r\(n)") != nil) }
        let backup = root.appendingPathComponent("good.sqlite")
        #expect(try Self.run(["backup", "--data-dir", dataDir.path, "--to", backup.path]).status == 0)
        // A backup never overwrites.
        let twice = try Self.run(["backup", "--data-dir", dataDir.path, "--to", backup.path])
        #expect(twice.status != 0 && twice.output.contains("already exists"), "\(twice.output)")
        try await server.stop()

        let garbage = root.appendingPathComponent("garbage.sqlite")
        try Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: garbage)
        let foreign = root.appendingPathComponent("foreign.sqlite")
        try await DatabaseQueue(path: foreign.path).write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
        let newer = root.appendingPathComponent("newer.sqlite")
        try FileManager.default.copyItem(at: backup, to: newer)
        try await DatabaseQueue(path: newer.path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v999-from-the-future')") }
        let tampered = root.appendingPathComponent("tampered.sqlite")
        try FileManager.default.copyItem(at: backup, to: tampered)
        try await DatabaseQueue(path: tampered.path).write { db in
            try db.execute(sql: "DROP TRIGGER auditEvent_no_update")
            try db.execute(sql: "UPDATE auditEvent SET targetName = 'Mallory' WHERE sequence = 2")
        }

        let database = dataDir.appendingPathComponent(SQLiteStore.fileName)
        let untouched = try Data(contentsOf: database)
        let cases: [(URL, String)] = [
            (garbage, "is not a readable SQLite database"), (foreign, "is not a Gatehouse database"),
            (newer, "made by a newer Gatehouse"), (tampered, "audit chain"), (root.appendingPathComponent("absent.sqlite"), "There is no file"),
        ]
        for (file, reason) in cases {
            for extra in [["--check-only"], []] {
                let refused = try Self.run(["restore", "--data-dir", dataDir.path, "--from", file.path] + extra)
                #expect(refused.status != 0, "\(file.lastPathComponent) \(extra)")
                #expect(refused.output.contains(reason), "\(file.lastPathComponent): \(refused.output)")
            }
        }
        #expect(try Data(contentsOf: database) == untouched)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dataDir.path).filter { $0.contains("before-restore") || $0.hasPrefix(".") }.isEmpty)
        let good = try Self.run(["restore", "--data-dir", dataDir.path, "--from", backup.path, "--check-only"])
        #expect(good.status == 0 && good.output.contains("can be restored"), "\(good.output)")
    }
}
