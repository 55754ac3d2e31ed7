extension PostgresSchema {
    /// The audit log: one hash chain for the installation, `sequence` its order. `sequence` is not an
    /// identity column: a rolled-back append would burn a number and leave a gap that `AuditChain.verify`
    /// must read as a deleted event, so `append` takes the newest sequence + 1 under the write lock.
    /// Times are milliseconds since 1970 (`BIGINT`), as the events are hashed. Triggers refuse updates, and
    /// deletes of events no checkpoint covers, so no code path can rewrite history by mistake; someone with
    /// the database's owner rights can drop them, which is what the hash chain is for.
    static let audit: [PostgresMigrations.Migration] = [
        .init(name: "v1-audit", statements: [
            """
            CREATE TABLE auditEvent (
                sequence BIGINT PRIMARY KEY,
                id TEXT NOT NULL,
                timeMillis BIGINT NOT NULL,
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
            )
            """,
            // One index: ids carry their sequence (`AuditEventID`), and an account's log is read by the key.
            "CREATE INDEX auditEvent_on_target ON auditEvent (accountID, targetID, sequence)",
            """
            CREATE TABLE auditCheckpoint (
                sequence BIGINT PRIMARY KEY,
                hash TEXT NOT NULL,
                timeMillis BIGINT NOT NULL,
                prunedAtMillis BIGINT NOT NULL,
                signature TEXT NOT NULL
            )
            """,
            """
            CREATE FUNCTION auditEvent_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit events are append-only';
            END
            $$
            """,
            """
            CREATE TRIGGER auditEvent_no_update BEFORE UPDATE ON auditEvent
                FOR EACH ROW EXECUTE FUNCTION auditEvent_refuse_update()
            """,
            // Events at or below the newest checkpoint's sequence may go (retention), no others.
            """
            CREATE FUNCTION auditEvent_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.sequence > (SELECT COALESCE(MAX(sequence), 0) FROM auditCheckpoint) THEN
                    RAISE EXCEPTION 'audit events are append-only';
                END IF;
                RETURN OLD;
            END
            $$
            """,
            """
            CREATE TRIGGER auditEvent_no_delete BEFORE DELETE ON auditEvent
                FOR EACH ROW EXECUTE FUNCTION auditEvent_refuse_delete()
            """,
            // TRUNCATE fires no row trigger: refuse it per statement.
            """
            CREATE TRIGGER auditEvent_no_truncate BEFORE TRUNCATE ON auditEvent
                FOR EACH STATEMENT EXECUTE FUNCTION auditEvent_refuse_update()
            """,
            """
            CREATE FUNCTION auditCheckpoint_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit checkpoints are append-only';
            END
            $$
            """,
            """
            CREATE TRIGGER auditCheckpoint_no_update BEFORE UPDATE ON auditCheckpoint
                FOR EACH ROW EXECUTE FUNCTION auditCheckpoint_refuse_change()
            """,
            """
            CREATE TRIGGER auditCheckpoint_no_delete BEFORE DELETE ON auditCheckpoint
                FOR EACH ROW EXECUTE FUNCTION auditCheckpoint_refuse_change()
            """,
            """
            CREATE TRIGGER auditCheckpoint_no_truncate BEFORE TRUNCATE ON auditCheckpoint
                FOR EACH STATEMENT EXECUTE FUNCTION auditCheckpoint_refuse_change()
            """,
        ])
    ]
}
