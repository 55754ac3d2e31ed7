import Foundation

/// A message Gatehouse sends to a person: queued in the store in the transaction that causes it, delivered
/// later by the mail worker (`GatehouseMail`), so a mail server that is down never loses it. The plain-text
/// body's first `http(s)://` URL is the action link; the worker draws the HTML part from the text.
public struct OutgoingMail: Sendable, Hashable {
    public var to: String
    public var subject: String
    public var text: String

    public init(to: String, subject: String, text: String) {
        self.to = to
        self.subject = subject
        self.text = text
    }
}
