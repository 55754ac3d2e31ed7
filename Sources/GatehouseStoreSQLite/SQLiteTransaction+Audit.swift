import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    /// Runs inside the caller's write transaction (every `write` body is, `GroupCommitter` included). GRDB
    /// opens writes with `BEGIN IMMEDIATE`, so the newest event is read under SQLite's write lock: the chain
    /// cannot fork between concurrent writers, in this process or another one on the same file.
    func append(_ draft: AuditDraft) throws -> AuditEvent {
        // After a retention cut that left no event, the chain goes on from the checkpoint.
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM auditEvent ORDER BY sequence DESC LIMIT 1"))
            ?? Row.fetchOne(db.cachedStatement(sql: "SELECT sequence, hash FROM auditCheckpoint ORDER BY sequence DESC LIMIT 1"))
        let event = AuditChain.seal(draft, after: last.map { (sequence: $0["sequence"], hash: $0["hash"]) })
        try db.cachedStatement(
            sql: """
                INSERT INTO auditEvent (sequence, id, timeMillis, accountID, actorType, actorID, actorName, actorAuthentication, action,
                    targetType, targetID, targetName, beforeJSON, afterJSON, outcome, requestID, clientIP, userAgent, previousHash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            event.sequence, event.id, event.timeMilliseconds, event.accountID, event.actor.type.rawValue, event.actor.id,
            event.actor.name, event.actor.authentication, event.action, event.target.type, event.target.id, event.target.name,
            event.before.map(AuditCanonicalEncoding.json), event.after.map(AuditCanonicalEncoding.json), event.outcome.rawValue,
            event.requestID, event.clientIP, event.userAgent, event.previousHash, event.hash,
        ])
        return event
    }

    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent] {
        // The one index leads with the account and the target: used when a target is asked for; otherwise
        // the table is read newest first by its key (`+accountID` keeps the planner off the index, which
        // would sort the account's whole log).
        var sql = query.targetID == nil ? "SELECT * FROM auditEvent WHERE +accountID = ?" : "SELECT * FROM auditEvent WHERE accountID = ?"
        var arguments: StatementArguments = [query.accountID]
        if let actorID = query.actorID { sql += " AND actorID = ?"; arguments += [actorID] }
        if let targetID = query.targetID { sql += " AND targetID = ?"; arguments += [targetID] }
        if let action = query.action { sql += " AND action = ?"; arguments += [action] }
        if let outcome = query.outcome { sql += " AND outcome = ?"; arguments += [outcome.rawValue] }
        if let from = query.from { sql += " AND timeMillis >= ?"; arguments += [AuditEvent.milliseconds(from)] }
        if let to = query.to { sql += " AND timeMillis <= ?"; arguments += [AuditEvent.milliseconds(to)] }
        if let before = query.beforeSequence { sql += " AND sequence < ?"; arguments += [before] }
        sql += " ORDER BY sequence DESC LIMIT ?"
        arguments += [max(0, query.limit)]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEvent)
    }

    func forEachAuditEvent(_ body: (AuditEvent) throws -> Bool) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM auditEvent ORDER BY sequence")
        while let row = try rows.next() {
            if try !body(try Self.auditEvent(row)) { return }
        }
    }

    /// Through the sequence the id carries (`AuditEventID`): the table's own key, no index of ids.
    func auditEvent(id: String, accountID: String) throws -> AuditEvent? {
        guard let sequence = AuditEventID.sequence(of: id) else { return nil }
        return try Row.fetchOne(
            db, sql: "SELECT * FROM auditEvent WHERE sequence = ? AND id = ? AND accountID = ?", arguments: [sequence, id, accountID]
        ).map(Self.auditEvent)
    }

    func newestAuditEvent(before time: Date) throws -> AuditEvent? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM auditEvent WHERE timeMillis < ? ORDER BY sequence DESC LIMIT 1",
            arguments: [AuditEvent.milliseconds(time)]
        ).map(Self.auditEvent)
    }

    func auditCheckpoint() throws -> AuditCheckpoint? {
        try Row.fetchOne(db, sql: "SELECT * FROM auditCheckpoint ORDER BY sequence DESC LIMIT 1").map { row in
            AuditCheckpoint(
                sequence: row["sequence"], hash: row["hash"], time: AuditEvent.date(milliseconds: row["timeMillis"]),
                prunedAt: AuditEvent.date(milliseconds: row["prunedAtMillis"]), signature: row["signature"])
        }
    }

    /// The checkpoint goes in first: the delete trigger allows removing only events a checkpoint covers.
    func pruneAuditEvents(through checkpoint: AuditCheckpoint) throws -> Int {
        try db.cachedStatement(sql: "INSERT INTO auditCheckpoint (sequence, hash, timeMillis, prunedAtMillis, signature) VALUES (?, ?, ?, ?, ?)").execute(arguments: [
                checkpoint.sequence, checkpoint.hash, AuditEvent.milliseconds(checkpoint.time), AuditEvent.milliseconds(checkpoint.prunedAt),
                checkpoint.signature,
            ])
        try db.cachedStatement(sql: "DELETE FROM auditEvent WHERE sequence <= ?").execute(arguments: [checkpoint.sequence])
        return db.changesCount
    }

    /// A stored row as an event; a value Gatehouse never writes makes it unreadable, not a default.
    static func auditEvent(_ row: Row) throws -> AuditEvent {
        let id: String = row["id"]
        let sequence: Int64 = row["sequence"]
        func unreadable(_ reason: String) -> UnreadableAuditEvent { UnreadableAuditEvent(id: id, sequence: sequence, reason: reason) }
        guard let actorType = AuditActor.Kind(rawValue: row["actorType"]) else { throw unreadable("unknown actor type") }
        guard let outcome = AuditOutcome(rawValue: row["outcome"]) else { throw unreadable("unknown outcome") }
        func json(_ column: String) throws -> JSONValue? {
            guard let text: String = row[column] else { return nil }
            do { return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch { throw unreadable("\(column) is not JSON") }
        }
        return AuditEvent(
            id: id, sequence: sequence, time: AuditEvent.date(milliseconds: row["timeMillis"]), accountID: row["accountID"],
            actor: AuditActor(type: actorType, id: row["actorID"], name: row["actorName"], authentication: row["actorAuthentication"]), action: row["action"],
            target: AuditTarget(type: row["targetType"], id: row["targetID"], name: row["targetName"]),
            before: try json("beforeJSON"), after: try json("afterJSON"), outcome: outcome, requestID: row["requestID"],
            clientIP: row["clientIP"], userAgent: row["userAgent"], previousHash: row["previousHash"], hash: row["hash"])
    }
}
