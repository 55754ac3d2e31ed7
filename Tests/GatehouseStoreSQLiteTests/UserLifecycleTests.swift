import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

@Suite struct UserLifecycleTests {
    @Test func newUserIsPendingAndTakesASeat() async throws {
        let f = try await Fixture()
        let user = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        #expect(user.status == .pending)
        #expect(user.role == .mediaLibraryUser)
        let usage = try await f.service.usage(accountID: f.accountID)
        #expect(usage.seatsUsed == 2)  // root + Ann
    }

    @Test func emailIsUniqueCaseInsensitivelyAmongLiveUsers() async throws {
        let f = try await Fixture()
        _ = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        await #expect(throws: GatehouseError.conflict("User with email ANN@Example.com already exists")) {
            try await f.service.createUser(NewUser(name: "Other", email: "ANN@Example.com"), accountID: f.accountID)
        }
        #expect(try await f.allUsers().count == 2)
    }

    @Test func deletedUserIsInactiveForeverFreesSeatAndEmail() async throws {
        let f = try await Fixture(planUserLimit: 2)
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        try await f.service.deleteUser(id: ann.id, accountID: f.accountID)

        let readBack = try await f.service.user(id: ann.id, accountID: f.accountID).user
        #expect(readBack.status == .inactive)
        #expect(!readBack.enabled)
        await #expect(throws: GatehouseError.self) {
            try await f.service.updateUser(id: ann.id, accountID: f.accountID, changes: UserChanges(enabled: true))
        }
        // Seat and email are free again: a brand-new user with a new id fits in the 2-seat plan.
        let again = try await f.service.createUser(NewUser(name: "Ann 2", email: "Ann@example.com"), accountID: f.accountID)
        #expect(again.id != ann.id)
        #expect(try await f.service.user(id: ann.id, accountID: f.accountID).user.status == .inactive)
    }

    @Test func seatLimitRefusesAndWritesNothing() async throws {
        let f = try await Fixture(planUserLimit: 2)
        _ = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        await #expect(throws: GatehouseError.seatLimitReached(limit: 2)) {
            try await f.service.createUser(NewUser(name: "Bob", email: "bob@example.com"), accountID: f.accountID)
        }
        #expect(try await f.allUsers().map(\.email).sorted() == ["ann@example.com", "root@example.com"])
        _ = try await f.accounts.setSeats(accountID: f.accountID, planUserLimit: nil, additionalUserSubscriptions: 1)
        _ = try await f.service.createUser(NewUser(name: "Bob", email: "bob@example.com"), accountID: f.accountID)
    }

    @Test func rootUserStaysMasterAdminAndCannotBeDeleted() async throws {
        let f = try await Fixture()
        let root = try #require(try await f.allUsers().first { $0.root })
        #expect(root.role == .masterAdmin && root.status == .active)
        await #expect(throws: GatehouseError.self) { try await f.service.deleteUser(id: root.id, accountID: f.accountID) }
        await #expect(throws: GatehouseError.self) {
            try await f.service.updateUser(id: root.id, accountID: f.accountID, changes: UserChanges(role: .admin))
        }
    }

    @Test func masterAdminAlwaysHasAllEnvironments() async throws {
        let f = try await Fixture()
        let env = try await f.service.createEnvironment(NewEnvironment(name: "Second"), accountID: f.accountID).0
        let limited = try await f.service.createUser(
            NewUser(name: "L", email: "l@example.com", role: .admin, subAccountIDs: [env.id]), accountID: f.accountID)
        #expect(!limited.allSubAccounts && limited.subAccountIDs == [env.id])
        let promoted = try await f.service.updateUser(id: limited.id, accountID: f.accountID, changes: UserChanges(role: .masterAdmin))
        #expect(promoted.allSubAccounts)
        #expect(try await f.service.environments(ofUser: limited.id, accountID: f.accountID).count == 2)
    }

    @Test func unknownEnvironmentInAccessListIsRejected() async throws {
        let f = try await Fixture()
        await #expect(throws: GatehouseError.invalidField(field: "sub_account_ids", reason: "names unknown product environment nope")) {
            try await f.service.createUser(
                NewUser(name: "X", email: "x@example.com", role: .admin, subAccountIDs: ["nope"]), accountID: f.accountID)
        }
    }

    @Test func acknowledgedWritesSurviveReopening() async throws {
        let f = try await Fixture()
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        let reopened = try f.reopenedProvisioning()
        #expect(try await reopened.user(id: ann.id, accountID: f.accountID).user.email == "ann@example.com")
    }
}
