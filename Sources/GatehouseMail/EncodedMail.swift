/// A message ready to hand to a transport: the SMTP envelope and the RFC 5322 text (CRLF line endings,
/// not yet dot-stuffed).
public struct EncodedMail: Sendable, Hashable {
    /// The queue's id for the message, used to name outbox files and in logs.
    public var id: String
    /// Without angle brackets.
    public var messageID: String
    public var from: MailAddress
    public var recipients: [MailAddress]
    public var data: String
    /// The first `http(s)://` URL of the text part: the action link (logged by the outbox).
    public var link: String?

    public init(id: String, messageID: String, from: MailAddress, recipients: [MailAddress], data: String, link: String?) {
        self.id = id
        self.messageID = messageID
        self.from = from
        self.recipients = recipients
        self.data = data
        self.link = link
    }
}
