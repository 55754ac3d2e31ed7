/// Where the worker hands an encoded message: an SMTP server (`SMTPTransport`) or the outbox directory
/// (`OutboxTransport`). Returning means the message is delivered; throwing means it will be tried again.
public protocol MailTransport: Sendable {
    func deliver(_ mail: EncodedMail) async throws
    /// Where messages go, for the start-up log line (never with credentials).
    var summary: String { get }
}
