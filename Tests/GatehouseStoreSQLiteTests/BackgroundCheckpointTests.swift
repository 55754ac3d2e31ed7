import Foundation
import GatehouseCore
@testable import GatehouseStoreSQLite
import Testing

/// Committed pages reach the database file from the checkpointer's own connection while writes go on, so
/// the log stays short without a commit doing the copy.
@Suite struct BackgroundCheckpointTests {
    @Test func writesSpreadOverTimeAreCheckpointedBesideTheWriter() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-checkpoint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(directory: directory)
        let file = directory.appendingPathComponent(SQLiteStore.fileName).path
        func size(_ path: String) throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0 }
        let before = try size(file)
        let body = String(repeating: "x", count: 2_000)
        // Below SQLite's own threshold (1,000 pages of log): only the background checkpointer copies these.
        for round in 0..<4 {
            for i in 0..<40 {
                try await store.writeMail { db in try db.enqueue(OutgoingMail(to: "u\(round)-\(i)@example.com", subject: "s", text: body), at: Date()) }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(store.checkpointer.completed.load(ordering: .relaxed) > 0)
        #expect(try size(file) > before + 160 * 2_000 / 2)
        #expect(try await store.read { try $0.queuedMailCount() } == 160)
    }
}
