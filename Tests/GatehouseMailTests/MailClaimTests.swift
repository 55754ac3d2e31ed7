import Foundation
import GatehouseCore
@testable import GatehouseMail
import GatehouseStoreSQLite
import Logging
import Synchronization
import Testing

/// A worker facing a slow mail server gives back what it has not tried before its claim could lapse, so a
/// second worker on the same store never sends a message the first one is still going to send.
@Suite struct MailClaimTests {
    /// Takes `delay` per message and counts deliveries per recipient.
    final class SlowTransport: MailTransport {
        let delay: Duration
        let delivered = Mutex<[String: Int]>([:])
        init(delay: Duration) { self.delay = delay }
        func deliver(_ mail: EncodedMail) async throws {
            try await Task.sleep(for: delay)
            delivered.withLock { $0[mail.recipients[0].address, default: 0] += 1 }
        }
        var summary: String { "a slow mail server" }
    }

    @Test func aSlowServerNeverLetsASecondWorkerSendTheSameMessage() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-claims-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory)
        let count = 8
        try await store.writeMail { db in
            for i in 0..<count { try db.enqueue(OutgoingMail(to: "u\(i)@example.com", subject: "Hi", text: "Hello"), at: Date()) }
        }
        // Eight messages at 0.3 s each outlast a 2 s lease: without giving the rest back, the second worker,
        // starting just after the lease, would claim the last ones while the first still sends them.
        let transport = SlowTransport(delay: .milliseconds(300))
        let options = MailWorker.Options(claimLease: 2)
        let from = try MailAddress(address: "gatehouse@example.com")
        let first = MailWorker(store: store, transport: transport, from: from, options: options, logger: Logger(label: "first"))
        let second = MailWorker(store: store, transport: transport, from: from, options: options, logger: Logger(label: "second"))
        async let firstRun: Void = first.deliverDue()
        try await Task.sleep(for: .milliseconds(2_050))
        await second.deliverDue()
        await firstRun
        #expect(transport.delivered.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<count).map { ("u\($0)@example.com", 1) }))
        #expect(try await store.read { try $0.queuedMailCount() } == 0)
    }
}
