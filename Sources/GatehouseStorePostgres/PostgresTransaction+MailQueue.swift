import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func queuedMailCount() throws -> Int {
        try row("SELECT COUNT(*) AS n FROM mailQueue WHERE sentAt IS NULL").map { try $0.value("n") } ?? 0
    }

    func enqueue(_ mail: OutgoingMail, at time: Date) throws {
        try execute("""
            INSERT INTO mailQueue (recipient, subject, textBody, createdAt, attempts, nextAttemptAt)
            VALUES (\(mail.to), \(mail.subject), \(mail.text), \(time), 0, \(time))
            """)
    }
}

// The mail worker's side.
extension PostgresTransaction {
    func dueMail(at now: Date, limit: Int) throws -> [QueuedMail] {
        try rows("""
            SELECT id, recipient, subject, textBody, createdAt, attempts FROM mailQueue
            WHERE sentAt IS NULL AND nextAttemptAt <= \(now) ORDER BY createdAt, id LIMIT \(limit < 0 ? nil : limit)
            """
        ).map { row in
            QueuedMail(
                id: try row.value("id"),
                mail: OutgoingMail(to: try row.value("recipient"), subject: try row.value("subject"), text: try row.value("textBody")),
                createdAt: try row.value("createdAt"), attempts: try row.value("attempts"))
        }
    }

    func rescheduleMail(id: Int64, at time: Date) throws {
        try execute("UPDATE mailQueue SET nextAttemptAt = \(time) WHERE id = \(id) AND sentAt IS NULL")
    }

    func markMailSent(id: Int64, at time: Date) throws {
        try execute("UPDATE mailQueue SET sentAt = \(time), textBody = '' WHERE id = \(id)")
    }

    func markMailFailed(id: Int64, at now: Date, error: String) throws {
        // The delay is the domain's (`MailRetry`), so the count is read first.
        let attempts = try row("SELECT attempts FROM mailQueue WHERE id = \(id)").map { try $0.value("attempts", as: Int.self) } ?? 0
        let next = now.addingTimeInterval(MailRetry.delay(afterFailedAttempts: attempts + 1))
        try execute("""
            UPDATE mailQueue SET attempts = \(attempts + 1), nextAttemptAt = \(next), lastError = \(MailRetry.shortError(error))
            WHERE id = \(id) AND sentAt IS NULL
            """)
    }
}
