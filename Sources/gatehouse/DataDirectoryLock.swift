import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on `<data-dir>/gatehouse.lock`, held for as long as this value lives (the kernel drops
/// it when the process ends, however it ends). Servers hold it shared, so several may share a database as
/// before; `restore` needs it exclusive, so it never replaces a database a server has open.
final class DataDirectoryLock {
    enum Mode {
        case shared
        case exclusive
    }

    static let fileName = "gatehouse.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The lock, or nil at once when another process holds it in a conflicting mode.
    static func acquire(_ directory: URL, _ mode: Mode) throws -> DataDirectoryLock? {
        let path = directory.appendingPathComponent(fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DataDirectoryLockError(description: "Cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, (mode == .shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 {
            return DataDirectoryLock(descriptor: descriptor)
        }
        let failure = errno
        close(descriptor)
        guard failure == EWOULDBLOCK else {
            throw DataDirectoryLockError(description: "Cannot lock \(path): \(String(cString: strerror(failure)))")
        }
        return nil
    }
}

struct DataDirectoryLockError: Error, CustomStringConvertible {
    var description: String
}
