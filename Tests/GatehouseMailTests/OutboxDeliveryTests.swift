import Foundation
import GatehouseCore
@testable import GatehouseMail
import GatehouseStoreSQLite
import Logging
import Testing

/// The worker with the outbox: messages become files, and the batch is recorded sent only once the outbox
/// has made it durable.
@Suite struct OutboxDeliveryTests {
    struct FailingSettle: MailTransport {
        let outbox: OutboxTransport
        func deliver(_ mail: EncodedMail) async throws { try await outbox.deliver(mail) }
        func settle() async throws { throw OutboxError(path: outbox.directory.path, errno: EIO) }
        var summary: String { "an outbox whose flush fails" }
    }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-outbox-\(UUID().uuidString)")
    let logger = Logger(label: "test")

    func queued(_ count: Int) async throws -> SQLiteStore {
        let store = try SQLiteStore(directory: directory)
        try await store.writeMail { db in
            for i in 0..<count {
                try db.enqueue(OutgoingMail(to: "u\(i)@example.com", subject: "Hi", text: "https://x.example/\(i)\n\nHello"), at: Date())
            }
        }
        return store
    }

    func worker(_ store: SQLiteStore, _ transport: any MailTransport) throws -> MailWorker {
        MailWorker(store: store, transport: transport, from: try MailAddress(address: "gatehouse@example.com"), logger: logger)
    }

    @Test func aSettledBatchIsWrittenPrivatelyAndRecordedSent() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await queued(3)
        let outbox = OutboxTransport(directory: directory.appendingPathComponent("outbox"), logger: logger)
        try await worker(store, outbox).deliverDue()
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.directory.path)
        #expect(files.count == 3 && files.allSatisfy { $0.hasSuffix(".eml") })
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: outbox.directory.appendingPathComponent(file).path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let text = try String(contentsOf: outbox.directory.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains("Subject: Hi\r\n") && text.contains("https://x.example/"))
        }
        #expect(try await store.read { try $0.queuedMailCount() } == 0)
    }

    @Test func aBatchTheOutboxCannotSettleStaysQueuedForARetry() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await queued(2)
        let outbox = OutboxTransport(directory: directory.appendingPathComponent("outbox"), logger: logger)
        try await worker(store, FailingSettle(outbox: outbox)).deliverDue()
        #expect(try await store.read { try $0.queuedMailCount() } == 2)
        let due = try await store.writeMail { try $0.dueMail(at: Date().addingTimeInterval(120), limit: 10) }
        #expect(due.map(\.attempts) == [1, 1])
    }
}
