import Foundation
import GatehouseCore
import GatehouseStoreSQLite

/// A fresh SQLite store in a temporary directory with a bootstrapped account.
struct Fixture {
    let directory: URL
    let store: SQLiteStore
    let service: ProvisioningService
    let accounts: AccountService
    let catalog: Catalog
    let permissions: PermissionsService
    let decisions: DecisionService
    let credentials: AccountCredentials

    var accountID: String { credentials.accountID }

    init(planUserLimit: Int = 100) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-test-\(UUID().uuidString)")
        store = try SQLiteStore(directory: directory)
        catalog = try Catalog.bundled()
        service = ProvisioningService(store: store, catalog: catalog)
        accounts = AccountService(store: store, catalog: catalog)
        permissions = PermissionsService(store: store, catalog: catalog, checker: StatementChecker(schema: try CloudinarySchema.bundled()))
        decisions = DecisionService(permissions: permissions)
        credentials = try #require(try await accounts.bootstrapIfEmpty(
            credentials: AccountCredentials(key: "111111111111111", secret: "secret", accountID: "acc1"),
            adminEmail: "root@example.com", adminName: "Root", accountName: "Test"))
        _ = try await accounts.setSeats(accountID: credentials.accountID, planUserLimit: planUserLimit, additionalUserSubscriptions: 0)
    }

    func reopen() throws -> SQLiteStore { try SQLiteStore(directory: directory) }

    func allUsers() async throws -> [User] { try await service.users(UserQuery(accountID: accountID)) }
}

import Testing
