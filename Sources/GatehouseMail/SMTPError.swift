/// Why an SMTP delivery failed, at which step, and what the server said. Never holds credentials or message
/// content: its description is logged and kept in the queue as the attempt's error.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection (refused, unreachable, name not found, connect timeout).
        case connect
        /// The server took longer than the step allows.
        case timeout
        /// TLS could not be set up (handshake, certificate).
        case tls
        /// The server answered with a failure code.
        case rejected
        /// The server closed the connection or spoke something other than SMTP.
        case protocolError
        /// We refused to go on (e.g. credentials over a connection without TLS).
        case refused
    }

    public var kind: Kind
    /// `host:port`.
    public var server: String
    /// The step that failed: `greeting`, `EHLO`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`, …
    public var step: String
    /// The server's reply code, when it gave one.
    public var code: Int?
    public var detail: String

    /// A 5xx reply: the same message will be refused again.
    public var isPermanent: Bool { code.map { (500..<600).contains($0) } ?? false }

    public var description: String {
        let shown = detail.count > 200 ? String(detail.prefix(200)) + "…" : detail
        switch kind {
        case .connect: return "SMTP \(server): cannot connect: \(shown)"
        case .timeout: return "SMTP \(server): no answer to \(step) in time (\(shown))"
        case .tls: return "SMTP \(server): TLS failed at \(step): \(shown)"
        case .rejected: return "SMTP \(server): \(step) rejected: \(shown)"
        case .protocolError: return "SMTP \(server): \(step): \(shown)"
        case .refused: return "SMTP \(server): \(shown)"
        }
    }
}
