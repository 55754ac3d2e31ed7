import Foundation
import GatehouseCore
import Logging
import ServiceLifecycle

/// Delivers the store's mail queue: every `pollInterval` and at once when poked, it claims the messages that
/// are due, hands each to the transport, and marks the batch sent once the transport has settled it, or
/// schedules a retry (`MailRetry`: 1 s, 2 s, 4 s … at most 60 s apart). A message that cannot be delivered
/// stays queued: it is never dropped.
///
/// At most once per process, and across processes sharing the database: a message is claimed in a write
/// transaction (its next attempt moved `claimLease` ahead) before it is sent, so another worker does not
/// pick it up; a batch not done by half the lease is recorded and the rest given back and claimed afresh,
/// so no claim lapses while its message is being sent. The one duplicate left: the process dies after the
/// server accepted messages and before the store recorded them (at most one batch: they are recorded
/// together); the claim then lapses and they are sent again, with the same Message-IDs. A process that dies
/// before sending delays the message by the lease, not more.
public final class MailWorker: Service, Sendable {
    public struct Options: Sendable {
        public var pollInterval: Duration
        /// Messages claimed per transaction, and the most a crash can send twice. Each batch costs two commits
        /// and a disk flush whatever its size, so under a burst of invitations small batches fall behind.
        public var batchSize: Int
        /// How long a claim keeps other workers away; longer than any one SMTP session can last.
        public var claimLease: TimeInterval

        public init(pollInterval: Duration = .seconds(1), batchSize: Int = 100, claimLease: TimeInterval = 300) {
            self.pollInterval = pollInterval
            self.batchSize = batchSize
            self.claimLease = claimLease
        }
    }

    let store: any GatehouseStore
    let transport: any MailTransport
    let encoder: MessageEncoder
    let options: Options
    let logger: Logger
    let now: @Sendable () -> Date
    private let pokes: AsyncStream<Void>
    private let pokeContinuation: AsyncStream<Void>.Continuation

    public init(
        store: any GatehouseStore, transport: any MailTransport, from: MailAddress, options: Options = .init(),
        logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.transport = transport
        encoder = MessageEncoder(from: from)
        self.options = options
        self.logger = logger
        self.now = now
        // One pending poke is enough: a run of the queue sees every message queued before it started.
        (pokes, pokeContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
        pokeContinuation.yield()  // look at the queue as soon as the worker starts
    }

    /// Look at the queue now (after a transaction that queued mail committed) instead of at the next poll.
    public func poke() {
        pokeContinuation.yield()
    }

    /// Runs until graceful shutdown or cancellation; the message being sent is finished first. Call once.
    public func run() async throws {
        logger.notice("Mail goes to \(transport.summary)")
        let interval = options.pollInterval
        let continuation = pokeContinuation
        await withDiscardingTaskGroup { group in
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil { continuation.yield() }
            }
            for await _ in pokes.cancelOnGracefulShutdown() {
                await deliverDue()
            }
            group.cancelAll()
        }
    }

    /// Delivers everything due, batch by batch. Public for tests that drive the worker without its loop.
    public func deliverDue() async {
        while !Task.isCancelled {
            let claimed: [QueuedMail]
            let claimedAt = now()
            do {
                claimed = try await claimDue()
            } catch {
                logger.error("Mail queue: cannot read the queue: \(error)")
                return
            }
            var sent: [(item: QueuedMail, at: Date)] = []
            var untried: ArraySlice<QueuedMail> = []
            for (index, item) in claimed.enumerated() {
                // Stopping, or a slow mail server outlasting half the claim (past the lease another worker
                // could claim the rest and send them too): the rest is given back, to be claimed afresh.
                if Task.isShuttingDownGracefully || Task.isCancelled || now().timeIntervalSince(claimedAt) > options.claimLease / 2 {
                    untried = claimed[index...]
                    break
                }
                if await deliver(item) { sent.append((item, now())) }
            }
            await markSent(await settled(sent))
            if !untried.isEmpty { await release(Array(untried)) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            if untried.isEmpty && claimed.count < options.batchSize { return }
        }
    }

    private func claimDue() async throws -> [QueuedMail] {
        let now = now()
        let until = now.addingTimeInterval(options.claimLease)
        let limit = options.batchSize
        return try await store.writeMail { db in
            let due = try db.dueMail(at: now, limit: limit)
            for item in due { try db.rescheduleMail(id: item.id, at: until) }
            return due
        }
    }

    /// Gives back claimed messages that were not tried (shutting down), so the next start sends them at once.
    private func release(_ items: [QueuedMail]) async {
        let now = now()
        do {
            try await store.writeMail { db in
                for item in items { try db.rescheduleMail(id: item.id, at: now) }
            }
        } catch {
            logger.warning("Mail queue: \(items.count) claimed message(s) wait for their claim to lapse: \(error)")
        }
    }

    /// The delivered messages once the transport has made them durable; none when it cannot (each is then
    /// recorded as a failed attempt and tried again).
    private func settled(_ sent: [(item: QueuedMail, at: Date)]) async -> [(item: QueuedMail, at: Date)] {
        guard !sent.isEmpty else { return [] }
        do {
            try await transport.settle()
            return sent
        } catch {
            for (item, _) in sent { await recordFailure(of: item, error) }
            return []
        }
    }

    /// One commit for the batch's delivered messages rather than one each: each commit is a disk sync the
    /// single writer waits for, taking turns with every other write (the creates that queue the mail).
    private func markSent(_ sent: [(item: QueuedMail, at: Date)]) async {
        guard !sent.isEmpty else { return }
        do {
            try await store.writeMail { db in
                for message in sent { try db.markMailSent(id: message.item.id, at: message.at) }
            }
        } catch {
            // The claims lapse and the messages go out again: the documented duplicate case.
            logger.error("Mail \(sent.map(\.item.id)) delivered but not marked sent; may be sent again: \(error)")
        }
    }

    /// Whether the transport took the message; a failure is recorded with its retry.
    private func deliver(_ item: QueuedMail) async -> Bool {
        let to = item.mail.to
        do {
            let encoded = try encoder.encode(item.mail, id: String(item.id), date: item.createdAt)
            try await transport.deliver(encoded)
        } catch {
            await recordFailure(of: item, error)
            return false
        }
        logger.info("Mail \(item.id) to \(to) delivered")
        return true
    }

    private func recordFailure(of item: QueuedMail, _ error: any Error) async {
        let attempts = item.attempts + 1
        let retry = MailRetry.delay(afterFailedAttempts: attempts)
        let reason = MailRetry.shortError(String(describing: error))
        logger.warning("Mail \(item.id) to \(item.mail.to) not delivered (attempt \(attempts)); next try in \(Int(retry)) s: \(reason)")
        let failedAt = now()
        do {
            try await store.writeMail { db in try db.markMailFailed(id: item.id, at: failedAt, error: reason) }
        } catch {
            logger.error("Mail queue: cannot record the failed attempt of mail \(item.id): \(error)")
        }
    }
}
