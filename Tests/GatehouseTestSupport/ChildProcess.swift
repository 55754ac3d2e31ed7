import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program the tests run, started with `posix_spawn`. Foundation's `Process.run()` on Linux now and then
/// crashes the whole test process: listing `/proc/self/fd` it copies each directory entry's full 256-byte name
/// and reads past the end of glibc's buffer (swift-corelibs-foundation#5472, present in Swift 6.3.1; about one
/// run in five of a suite that starts programs). The more descriptors a test process holds, the likelier.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let exit = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments` (not including the program name) and `environment` (the test
    /// process's own when nil). Standard output is appended to the file at `output`, or discarded, and standard
    /// error with it unless `errors` is false (then it is discarded); standard input is `/dev/null`.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, output: String? = nil, errors: Bool = true
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if errors {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else { throw ChildProcessError(executable: executable, code: result) }
        self.pid = pid
    }

    /// Runs the program to its end; its exit status and what it printed (standard error too unless `errors` is false).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, errors: Bool = true
    ) throws -> (status: Int32, output: Data) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let child = try ChildProcess(executable, arguments, environment: environment, output: log.path, errors: errors)
        let status = child.waitUntilExit()
        return (status, (try? Data(contentsOf: log)) ?? Data())
    }

    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit status (128 + the signal for a program killed by one), waiting for it.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        reap(blocking: true) ?? -1
    }

    public func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }

    private func reap(blocking: Bool) -> Int32? {
        exit.withLock { known in
            if let known { return known }
            var status: Int32 = 0
            var reaped: pid_t
            repeat { reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while reaped == -1 && errno == EINTR
            guard reaped == pid else { return nil }
            // The wait status: the low 7 bits are the signal that ended it (0 when it exited), the next 8 its exit code.
            let signal = status & 0x7f
            known = signal == 0 ? (status >> 8) & 0xff : 128 + signal
            return known
        }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var executable: String
    public var code: Int32
    public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
}
