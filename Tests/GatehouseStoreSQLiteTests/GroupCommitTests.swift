import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// Concurrent writes share commits, yet each is checked and rolled back on its own.
@Suite struct GroupCommitTests {
    @Test func concurrentCreatesRespectTheSeatLimitAndEmailRule() async throws {
        let f = try await Fixture(planUserLimit: 11)
        let outcomes = try await withThrowingTaskGroup(of: Result<User, GatehouseError>.self) { group in
            for i in 0..<30 {
                group.addTask {
                    // Ten distinct emails, each tried three times.
                    do {
                        return .success(try await f.service.createUser(NewUser(name: "U\(i)", email: "u\(i % 10)@example.com"), accountID: f.accountID))
                    } catch let error as GatehouseError {
                        return .failure(error)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let created = outcomes.compactMap { try? $0.get() }
        #expect(created.count == 10)
        #expect(Set(created.map(\.email)).count == 10)
        #expect(try await f.allUsers().count == 11)
        for case .failure(let error) in outcomes {
            switch error {
            case .conflict, .seatLimitReached: break
            default: Issue.record("unexpected \(error)")
            }
        }
        // Everything acknowledged is on disk.
        let reopened = try f.reopenedProvisioning()
        #expect(try await reopened.users(UserQuery(accountID: f.accountID)).count == 11)
    }
}
