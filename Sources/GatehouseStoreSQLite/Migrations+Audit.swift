import GRDB

extension Migrations {
    /// The audit log: one hash chain for the installation, `sequence` its order (the row id, so the newest
    /// event is found at the end of the table's own b-tree). Triggers refuse updates and deletes, so no
    /// code path of Gatehouse can rewrite history by mistake; someone who edits the file can drop them,
    /// which is what the hash chain is for.
    static func registerAudit(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-audit-log") { db in
            try db.execute(sql: """
                CREATE TABLE auditEvent (
                    sequence INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    timeMillis INTEGER NOT NULL,
                    accountID TEXT NOT NULL,
                    actorType TEXT NOT NULL,
                    actorID TEXT NOT NULL,
                    actorName TEXT,
                    action TEXT NOT NULL,
                    targetType TEXT NOT NULL,
                    targetID TEXT NOT NULL,
                    targetName TEXT,
                    beforeJSON TEXT,
                    afterJSON TEXT,
                    outcome TEXT NOT NULL,
                    requestID TEXT,
                    clientIP TEXT,
                    userAgent TEXT,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX auditEvent_on_account ON auditEvent (accountID, sequence);
                CREATE INDEX auditEvent_on_target ON auditEvent (targetID, sequence);
                CREATE TRIGGER auditEvent_no_update BEFORE UPDATE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TRIGGER auditEvent_no_delete BEFORE DELETE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                """)
        }

        // How the actor authenticated; one index instead of three (ids carry their sequence, the table's key,
        // and the account's log is read by that key), since every index is one more write per event; and the
        // checkpoints that let old events be pruned while the chain still verifies: events at or below a
        // checkpoint's sequence may be deleted, no others. (DROP TABLE fires no delete trigger.)
        migrator.registerMigration("v12-audit-origin-retention") { db in
            try db.execute(sql: """
                CREATE TABLE auditEventV12 (
                    sequence INTEGER PRIMARY KEY,
                    id TEXT NOT NULL,
                    timeMillis INTEGER NOT NULL,
                    accountID TEXT NOT NULL,
                    actorType TEXT NOT NULL,
                    actorID TEXT NOT NULL,
                    actorName TEXT,
                    actorAuthentication TEXT,
                    action TEXT NOT NULL,
                    targetType TEXT NOT NULL,
                    targetID TEXT NOT NULL,
                    targetName TEXT,
                    beforeJSON TEXT,
                    afterJSON TEXT,
                    outcome TEXT NOT NULL,
                    requestID TEXT,
                    clientIP TEXT,
                    userAgent TEXT,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                INSERT INTO auditEventV12 (sequence, id, timeMillis, accountID, actorType, actorID, actorName, action, targetType,
                    targetID, targetName, beforeJSON, afterJSON, outcome, requestID, clientIP, userAgent, previousHash, hash)
                SELECT sequence, id, timeMillis, accountID, actorType, actorID, actorName, action, targetType,
                    targetID, targetName, beforeJSON, afterJSON, outcome, requestID, clientIP, userAgent, previousHash, hash
                FROM auditEvent;
                DROP TABLE auditEvent;
                ALTER TABLE auditEventV12 RENAME TO auditEvent;
                CREATE INDEX auditEvent_on_target ON auditEvent (accountID, targetID, sequence);
                CREATE TRIGGER auditEvent_no_update BEFORE UPDATE ON auditEvent
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                CREATE TABLE auditCheckpoint (
                    sequence INTEGER PRIMARY KEY,
                    hash TEXT NOT NULL,
                    timeMillis INTEGER NOT NULL,
                    prunedAtMillis INTEGER NOT NULL,
                    signature TEXT NOT NULL
                );
                CREATE TRIGGER auditCheckpoint_no_update BEFORE UPDATE ON auditCheckpoint
                    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
                CREATE TRIGGER auditCheckpoint_no_delete BEFORE DELETE ON auditCheckpoint
                    BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
                CREATE TRIGGER auditEvent_no_delete BEFORE DELETE ON auditEvent
                    WHEN OLD.sequence > (SELECT COALESCE(MAX(sequence), 0) FROM auditCheckpoint)
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
                """)
        }
    }
}
