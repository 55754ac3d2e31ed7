/// Where the worker hands an encoded message: an SMTP server (`SMTPTransport`) or the outbox directory
/// (`OutboxTransport`). A message is delivered once `deliver` and then `settle` have returned; throwing means
/// it will be tried again.
public protocol MailTransport: Sendable {
    func deliver(_ mail: EncodedMail) async throws
    /// Makes the messages `deliver` took since the last call durable, before the worker records them sent.
    /// The worker calls it once per batch, so a transport that must flush to disk does so once, not per message.
    func settle() async throws
    /// Where messages go, for the start-up log line (never with credentials).
    var summary: String { get }
}

extension MailTransport {
    /// A server that accepted a message has taken charge of it: nothing is left to settle.
    public func settle() async throws {}
}
