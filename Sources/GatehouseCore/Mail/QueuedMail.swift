import Foundation

/// A message in the store's mail queue, as the mail worker sees it.
public struct QueuedMail: Sendable, Hashable {
    public var id: Int64
    public var mail: OutgoingMail
    /// When it was queued: the message's Date header.
    public var createdAt: Date
    /// Failed delivery attempts so far.
    public var attempts: Int

    public init(id: Int64, mail: OutgoingMail, createdAt: Date, attempts: Int) {
        self.id = id
        self.mail = mail
        self.createdAt = createdAt
        self.attempts = attempts
    }
}
