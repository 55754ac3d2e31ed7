import Foundation
import Logging

/// The default with no SMTP server: each message becomes `<directory>/<timestamp>-<id>.eml` (mode 0600, the
/// directory 0700: messages hold one-time links) and its link is logged, so a fresh install can invite people
/// without a mail server. The file is written under a temporary name and renamed, so a reader never sees
/// half a message.
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
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = "\(Self.timestamp(now()))-\(mail.id).eml"
        let final = directory.appendingPathComponent(name)
        let temporary = directory.appendingPathComponent(".\(name).tmp")
        guard files.createFile(atPath: temporary.path, contents: Data(mail.data.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw OutboxError(path: temporary.path)
        }
        if files.fileExists(atPath: final.path) { try files.removeItem(at: final) }
        try files.moveItem(at: temporary, to: final)
        let recipients = mail.recipients.map(\.address).joined(separator: ", ")
        let link = mail.link.map { "; link: \($0)" } ?? ""
        logger.notice("Mail to \(recipients) written to \(final.path)\(link)")
    }

    /// `20261130T101500.123Z`: sorts by time, safe in file names.
    static func timestamp(_ date: Date) -> String {
        UTCTime(date).compact
    }
}

public struct OutboxError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "Cannot write the outbox file \(path) (is the data directory writable?)" }
}
