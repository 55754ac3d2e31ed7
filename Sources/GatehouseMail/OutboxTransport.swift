import CFileSystem
import Foundation
import Logging

/// The default with no SMTP server: each message becomes `<directory>/<timestamp>-<id>.eml` (mode 0600, the
/// directory 0700: messages hold one-time links) and its link is logged, so a fresh install can invite people
/// without a mail server. The file is written under a temporary name and renamed, so a reader never sees
/// half a message. Files are not flushed one by one: `settle` flushes the file system once for the worker's
/// batch (a disk flush per message took turns with the store's commits and halved the create rate).
public struct OutboxTransport: MailTransport {
    public let directory: URL
    let logger: Logger
    let now: @Sendable () -> Date

    public init(directory: URL, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.directory = directory
        self.logger = logger
        self.now = now
    }

    public var summary: String { "the outbox directory \(directory.path) (no GATEHOUSE_SMTP_URL)" }

    public func deliver(_ mail: EncodedMail) async throws {
        let name = "\(Self.timestamp(now()))-\(mail.id).eml"
        let final = "\(directory.path)/\(name)"
        let temporary = "\(directory.path)/.\(name).tmp"
        do {
            try Self.write(Array(mail.data.utf8), to: temporary)
        } catch let error as OutboxError where error.errno == ENOENT {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try Self.write(Array(mail.data.utf8), to: temporary)
        }
        guard rename(temporary, final) == 0 else { throw OutboxError(path: final, errno: errno) }
        let recipients = mail.recipients.map(\.address).joined(separator: ", ")
        let link = mail.link.map { "; link: \($0)" } ?? ""
        logger.notice("Mail to \(recipients) written to \(final)\(link)")
    }

    public func settle() async throws {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutboxError(path: directory.path, errno: errno) }
        defer { close(fd) }
        guard cfs_syncfs(fd) == 0 else { throw OutboxError(path: directory.path, errno: errno) }
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutboxError(path: path, errno: errno) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw OutboxError(path: path, errno: errno) }
            written += n
        }
    }

    /// `20261130T101500.123Z`: sorts by time, safe in file names.
    static func timestamp(_ date: Date) -> String {
        UTCTime(date).compact
    }
}

public struct OutboxError: Error, CustomStringConvertible {
    public var path: String
    public var errno: Int32
    public var description: String {
        "Cannot write the outbox file \(path): \(String(cString: strerror(errno))) (is the data directory writable?)"
    }
}
