import Foundation
import Logging

/// Mail configuration from the environment: `GATEHOUSE_SMTP_URL` (absent or empty: the outbox) and
/// `GATEHOUSE_MAIL_FROM` (default `Gatehouse <gatehouse@localhost>`).
public struct MailSettings: Sendable {
    public static let defaultFrom = "Gatehouse <gatehouse@localhost>"

    public var smtp: SMTPURL?
    public var from: MailAddress

    public init(smtp: SMTPURL?, from: MailAddress) {
        self.smtp = smtp
        self.from = from
    }

    public init(environment: [String: String]) throws(MailSettingsError) {
        if let text = environment["GATEHOUSE_SMTP_URL"], !text.isEmpty {
            guard let url = SMTPURL(text) else { throw .badSMTPURL }
            smtp = url
        } else {
            smtp = nil
        }
        let fromText = environment["GATEHOUSE_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultFrom
        do {
            from = try MailAddress(parsing: fromText)
        } catch {
            throw .badFrom(error)
        }
    }

    /// SMTP when configured, else the outbox under the data directory.
    public func makeTransport(dataDirectory: URL, logger: Logger) -> any MailTransport {
        if let smtp { return SMTPTransport(client: SMTPClient(url: smtp)) }
        return OutboxTransport(directory: dataDirectory.appendingPathComponent("outbox", isDirectory: true), logger: logger)
    }
}

public enum MailSettingsError: Error, CustomStringConvertible {
    case badSMTPURL
    case badFrom(MailError)

    public var description: String {
        switch self {
        // The URL itself is not repeated: it may hold a password.
        case .badSMTPURL: return "GATEHOUSE_SMTP_URL must look like smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port]"
        case .badFrom(let error): return "GATEHOUSE_MAIL_FROM must look like \"Name <address@example.com>\": \(error)"
        }
    }
}
