import Foundation

/// Mail waiting to go out, kept in the store so a message is queued in the same transaction as the change
/// that causes it and survives a mail server that is down or a restart.
public protocol MailQueueReader {
    /// Messages queued and not yet sent (`/metrics`).
    func queuedMailCount() throws -> Int
}

public protocol MailQueueWriter: MailQueueReader {
    /// Queues the message for delivery as soon as possible.
    func enqueue(_ mail: OutgoingMail, at time: Date) throws

    // The mail worker's side (`GatehouseMail.MailWorker`). Delivery is not a permission change: no guard.

    /// Messages not yet sent whose next attempt is due at `now`, oldest first, at most `limit`.
    func dueMail(at now: Date, limit: Int) throws -> [QueuedMail]
    /// Moves the message's next attempt to `time`: far ahead to claim it before sending (so no other worker
    /// sends it too), or to now to give a claim back.
    func rescheduleMail(id: Int64, at time: Date) throws
    /// Records the delivery and drops the bodies: they may hold one-time links, which must not outlive
    /// the delivery in the store (recipient, subject and times stay, as a record of what was sent).
    func markMailSent(id: Int64, at time: Date) throws
    /// Records a failed attempt: one more attempt, the next after `MailRetry.delay`, and `error` (short,
    /// without secrets) as the last error.
    func markMailFailed(id: Int64, at now: Date, error: String) throws
}
