import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// `readNow` blocks its thread; it must never wait for something only a suspended task can release.
@Suite struct QuickReadTests {
    /// Far more tasks than threads, mixing queued reads, in-place reads and writes: with in-place reads
    /// taken from the pool's readers this hung (every thread blocked on a reader held by a task that
    /// could not resume).
    // A hang shows as any limit passed; three minutes leave room for a busy machine (tens of runnable processes).
    @Test(.timeLimit(.minutes(3))) func inPlaceReadsNeverStarveQueuedOnes() async throws {
        let f = try await Fixture(planUserLimit: 1000)
        let store = f.store
        let key = f.credentials.key
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<400 {
                group.addTask {
                    switch i % 4 {
                    case 0: _ = try await store.read { db in try db.users(UserQuery(accountID: f.accountID)) }
                    case 1: _ = try await f.accounts.authenticate(key: key, secret: "secret")
                    case 2: _ = try store.readNow { db in try db.writeGeneration() }
                    default: _ = try await f.service.createUser(NewUser(name: "U\(i)", email: "u\(i)@example.com"), accountID: f.accountID)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await f.allUsers().count == 101)
    }
}
