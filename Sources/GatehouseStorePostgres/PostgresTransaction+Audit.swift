import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    /// How many events `forEachAuditEvent` holds in memory at a time.
    static let auditPageSize = 1_000

    /// Runs inside the caller's write transaction, which holds the installation's write lock from BEGIN
    /// (`transaction(readOnly:_:)`): the newest event is read under that lock, so appends on two servers
    /// can never follow the same event. The sequence is the newest one + 1 (`AuditChain.seal`), never an
    /// identity column's: a rolled-back append must not leave a gap the verifier would take for a deletion.
    func append(_ draft: AuditDraft) throws -> AuditEvent {
        // After a retention cut that left no event, the chain goes on from the checkpoint (whose sequence
        // is never above the newest event's, so the larger of the two is the head).
        let last = try row("""
            (SELECT sequence, hash FROM auditEvent ORDER BY sequence DESC LIMIT 1)
            UNION ALL (SELECT sequence, hash FROM auditCheckpoint ORDER BY sequence DESC LIMIT 1)
            ORDER BY sequence DESC LIMIT 1
            """)
        let event = AuditChain.seal(
            draft, after: try last.map { (sequence: try $0.value("sequence", as: Int64.self), hash: try $0.value("hash", as: String.self)) })
        try execute("""
            INSERT INTO auditEvent (sequence, id, timeMillis, accountID, actorType, actorID, actorName, actorAuthentication, action,
                targetType, targetID, targetName, beforeJSON, afterJSON, outcome, requestID, clientIP, userAgent, previousHash, hash)
            VALUES (\(event.sequence), \(event.id), \(event.timeMilliseconds), \(event.accountID), \(event.actor.type.rawValue),
                \(event.actor.id), \(event.actor.name), \(event.actor.authentication), \(event.action), \(event.target.type),
                \(event.target.id), \(event.target.name), \(event.before.map(AuditCanonicalEncoding.json)),
                \(event.after.map(AuditCanonicalEncoding.json)), \(event.outcome.rawValue), \(event.requestID), \(event.clientIP),
                \(event.userAgent), \(event.previousHash), \(event.hash))
            """)
        return event
    }

    /// Newest first by the table's key; filters are added only when asked for, each value a bind parameter.
    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent] {
        var binds = PostgresBindings()
        var sql = "SELECT * FROM auditEvent WHERE accountID = $1"
        binds.append(query.accountID)
        func filter(_ condition: String, _ value: some PostgresDynamicTypeEncodable) {
            binds.append(value)
            sql += " AND \(condition) $\(binds.count)"
        }
        if let actorID = query.actorID { filter("actorID =", actorID) }
        if let targetID = query.targetID { filter("targetID =", targetID) }
        if let action = query.action { filter("action =", action) }
        if let outcome = query.outcome { filter("outcome =", outcome.rawValue) }
        if let from = query.from { filter("timeMillis >=", AuditEvent.milliseconds(from)) }
        if let to = query.to { filter("timeMillis <=", AuditEvent.milliseconds(to)) }
        if let before = query.beforeSequence { filter("sequence <", before) }
        binds.append(max(0, query.limit))
        sql += " ORDER BY sequence DESC LIMIT $\(binds.count)"
        return try rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map(Self.auditEvent)
    }

    /// A page at a time by the key (`sequence > last`), so the log never has to fit in memory and `body`
    /// may use the connection between pages.
    func forEachAuditEvent(_ body: (AuditEvent) throws -> Bool) throws {
        var last: Int64 = .min
        while true {
            let page = try rows("SELECT * FROM auditEvent WHERE sequence > \(last) ORDER BY sequence LIMIT \(Self.auditPageSize)")
            for row in page {
                let event = try Self.auditEvent(row)
                if try !body(event) { return }
                last = event.sequence
            }
            if page.count < Self.auditPageSize { return }
        }
    }

    /// Through the sequence the id carries (`AuditEventID`): the table's own key, no index of ids.
    func auditEvent(id: String, accountID: String) throws -> AuditEvent? {
        guard let sequence = AuditEventID.sequence(of: id) else { return nil }
        return try row("SELECT * FROM auditEvent WHERE sequence = \(sequence) AND id = \(id) AND accountID = \(accountID)")
            .map(Self.auditEvent)
    }

    func newestAuditEvent(before time: Date) throws -> AuditEvent? {
        try row("SELECT * FROM auditEvent WHERE timeMillis < \(AuditEvent.milliseconds(time)) ORDER BY sequence DESC LIMIT 1")
            .map(Self.auditEvent)
    }

    func auditCheckpoint() throws -> AuditCheckpoint? {
        try row("SELECT * FROM auditCheckpoint ORDER BY sequence DESC LIMIT 1").map { row in
            AuditCheckpoint(
                sequence: try row.value("sequence"), hash: try row.value("hash"),
                time: AuditEvent.date(milliseconds: try row.value("timeMillis")),
                prunedAt: AuditEvent.date(milliseconds: try row.value("prunedAtMillis")), signature: try row.value("signature"))
        }
    }

    /// The checkpoint goes in first: the delete trigger allows removing only events a checkpoint covers.
    func pruneAuditEvents(through checkpoint: AuditCheckpoint) throws -> Int {
        try execute("""
            INSERT INTO auditCheckpoint (sequence, hash, timeMillis, prunedAtMillis, signature)
            VALUES (\(checkpoint.sequence), \(checkpoint.hash), \(AuditEvent.milliseconds(checkpoint.time)),
                \(AuditEvent.milliseconds(checkpoint.prunedAt)), \(checkpoint.signature))
            """)
        return try execute("DELETE FROM auditEvent WHERE sequence <= \(checkpoint.sequence)")
    }

    /// A stored row as an event; a value Gatehouse never writes makes it unreadable, not a default.
    static func auditEvent(_ row: Row) throws -> AuditEvent {
        let id: String = try row.value("id")
        let sequence: Int64 = try row.value("sequence")
        func unreadable(_ reason: String) -> UnreadableAuditEvent { UnreadableAuditEvent(id: id, sequence: sequence, reason: reason) }
        guard let actorType = AuditActor.Kind(rawValue: try row.value("actorType")) else { throw unreadable("unknown actor type") }
        guard let outcome = AuditOutcome(rawValue: try row.value("outcome")) else { throw unreadable("unknown outcome") }
        func json(_ column: String) throws -> JSONValue? {
            guard let text = try row.value(column, as: String?.self) else { return nil }
            do { return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) } catch { throw unreadable("\(column) is not JSON") }
        }
        return AuditEvent(
            id: id, sequence: sequence, time: AuditEvent.date(milliseconds: try row.value("timeMillis")),
            accountID: try row.value("accountID"),
            actor: AuditActor(
                type: actorType, id: try row.value("actorID"), name: try row.value("actorName"),
                authentication: try row.value("actorAuthentication")),
            action: try row.value("action"),
            target: AuditTarget(type: try row.value("targetType"), id: try row.value("targetID"), name: try row.value("targetName")),
            before: try json("beforeJSON"), after: try json("afterJSON"), outcome: outcome, requestID: try row.value("requestID"),
            clientIP: try row.value("clientIP"), userAgent: try row.value("userAgent"), previousHash: try row.value("previousHash"),
            hash: try row.value("hash"))
    }
}
