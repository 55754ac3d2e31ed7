import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func queuedMailCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mailQueue WHERE sentAt IS NULL") ?? 0
    }

    func enqueue(_ mail: OutgoingMail, at time: Date) throws {
        try db.cachedStatement(sql: """
                INSERT INTO mailQueue (recipient, subject, textBody, createdAt, attempts, nextAttemptAt)
                VALUES (?, ?, ?, ?, 0, ?)
                """).execute(arguments: [mail.to, mail.subject, mail.text, time, time])
    }
}

// The mail worker's side.
extension SQLiteTransaction {
    func dueMail(at now: Date, limit: Int) throws -> [QueuedMail] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, recipient, subject, textBody, createdAt, attempts FROM mailQueue
                WHERE sentAt IS NULL AND nextAttemptAt <= ? ORDER BY createdAt, id LIMIT ?
                """,
            arguments: [now, limit]
        ).map { row in
            QueuedMail(
                id: row["id"], mail: OutgoingMail(to: row["recipient"], subject: row["subject"], text: row["textBody"]),
                createdAt: row["createdAt"], attempts: row["attempts"])
        }
    }

    func rescheduleMail(id: Int64, at time: Date) throws {
        try db.cachedStatement(sql: "UPDATE mailQueue SET nextAttemptAt = ? WHERE id = ? AND sentAt IS NULL").execute(arguments: [time, id])
    }

    func markMailSent(id: Int64, at time: Date) throws {
        try db.cachedStatement(sql: "UPDATE mailQueue SET sentAt = ?, textBody = '' WHERE id = ?").execute(arguments: [time, id])
    }

    func markMailFailed(id: Int64, at now: Date, error: String) throws {
        let attempts = try Int.fetchOne(db.cachedStatement(sql: "SELECT attempts FROM mailQueue WHERE id = ?"), arguments: [id]) ?? 0
        let next = now.addingTimeInterval(MailRetry.delay(afterFailedAttempts: attempts + 1))
        try db.cachedStatement(sql: "UPDATE mailQueue SET attempts = ?, nextAttemptAt = ?, lastError = ? WHERE id = ? AND sentAt IS NULL").execute(arguments: [attempts + 1, next, MailRetry.shortError(error), id])
    }
}
