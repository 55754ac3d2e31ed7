import Crypto

/// Seals events into the chain and checks it. Every event's hash covers the previous event's hash, so a
/// stored event that was altered, removed or moved no longer matches what follows it. Retention removes
/// the oldest events behind a signed `AuditCheckpoint`. Removing the newest events leaves a shorter chain
/// that still verifies: only a copy of the head kept elsewhere (an export) shows that.
public enum AuditChain {
    /// The `previousHash` of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The hash `event` must carry: SHA-256 over its previous hash, a newline, and its canonical bytes.
    public static func hash(of event: AuditEvent) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(event.previousHash.utf8) + [0x0A])
        hasher.update(data: AuditCanonicalEncoding.bytes(of: event))
        return Hex.lowercase(hasher.finalize())
    }

    /// The draft as the event following `previous` (nil: the first event).
    public static func seal(_ draft: AuditDraft, after previous: (sequence: Int64, hash: String)?) -> AuditEvent {
        let sequence = (previous?.sequence ?? 0) + 1
        var event = AuditEvent(
            id: draft.id ?? AuditEventID.make(time: draft.time, sequence: sequence), sequence: sequence, time: draft.time,
            accountID: draft.accountID, actor: draft.actor,
            action: draft.action, target: draft.target, before: draft.before, after: draft.after, outcome: draft.outcome,
            requestID: draft.requestID, clientIP: draft.clientIP, userAgent: draft.userAgent,
            previousHash: previous?.hash ?? genesisHash, hash: "")
        event.hash = hash(of: event)
        return event
    }

    /// Walks the whole chain in sequence order, in the reader's one transaction. After a retention cut the
    /// chain starts at the newest checkpoint, whose signature `key` must accept.
    public static func verify(_ reader: any AuditReader, key: AuditVerifyingKey) throws -> AuditVerification {
        var walk = Walk()
        if let checkpoint = try reader.auditCheckpoint() {
            guard key.isValid(checkpoint) else {
                return .broken(
                    id: "checkpoint", sequence: checkpoint.sequence,
                    reason: "the retention checkpoint's signature does not verify: it was altered or not made with this key")
            }
            walk = Walk(expectedSequence: checkpoint.sequence + 1, previousHash: checkpoint.hash)
        }
        var broken: AuditVerification?
        do {
            try reader.forEachAuditEvent { event in
                broken = walk.next(event)
                return broken == nil
            }
        } catch let unreadable as UnreadableAuditEvent {
            return .broken(id: unreadable.id, sequence: unreadable.sequence, reason: "unreadable: \(unreadable.reason)")
        }
        return broken ?? .intact(count: walk.count)
    }

    /// The expectations one event sets for the next.
    struct Walk {
        var expectedSequence: Int64 = 1
        var previousHash = AuditChain.genesisHash
        var count = 0

        mutating func next(_ event: AuditEvent) -> AuditVerification? {
            func broken(_ reason: String) -> AuditVerification { .broken(id: event.id, sequence: event.sequence, reason: reason) }
            if event.sequence != expectedSequence { return broken("expected sequence \(expectedSequence): an event before it was removed") }
            if event.previousHash != previousHash { return broken("its previous hash is not the hash of the event before it") }
            if AuditChain.hash(of: event) != event.hash { return broken("its content does not match its hash") }
            expectedSequence += 1
            previousHash = event.hash
            count += 1
            return nil
        }
    }
}

/// What `AuditChain.verify` found: every event in order and unchanged, or the first one that is not.
public enum AuditVerification: Sendable, Hashable {
    case intact(count: Int)
    case broken(id: String, sequence: Int64, reason: String)
}

/// A stored event that cannot be read back (an unknown actor type or outcome, `before`/`after` that is
/// not JSON): something other than Gatehouse wrote it, so the chain is broken there.
public struct UnreadableAuditEvent: Error, Sendable {
    public var id: String
    public var sequence: Int64
    public var reason: String
    public init(id: String, sequence: Int64, reason: String) {
        self.id = id
        self.sequence = sequence
        self.reason = reason
    }
}
