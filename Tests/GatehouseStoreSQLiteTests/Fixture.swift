import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// A fresh store (SQLite in a temporary directory, or a PostgreSQL database: `TestDatabase`) with a
/// bootstrapped account. The services act as the
/// operator (`Caller.local`) unless a test binds them to a principal.
struct Fixture {
    let directory: URL
    let database: TestDatabase
    let store: any GatehouseStore
    let services: GatehouseServices
    let service: ProvisioningService
    let accounts: AccountService
    let catalog: Catalog
    let permissions: PermissionsService
    let decisions: DecisionService
    let credentials: AccountCredentials

    var accountID: String { credentials.accountID }

    init(planUserLimit: Int = 100) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-test-\(UUID().uuidString)")
        database = try await TestDatabase.make(directory: directory)
        store = try database.open()
        var identity = IdentitySettings(publicURL: "http://gatehouse.test")
        identity.bcryptCost = 4  // the policy is bcrypt's; its cost is the tests' to lower
        services = try GatehouseServices(store: store, identity: identity)
        catalog = services.resources.catalog
        service = services.provisioning.acting(as: .local)
        accounts = services.accounts.acting(as: .local)
        permissions = services.permissions.acting(as: .local)
        decisions = DecisionService(permissions: permissions)
        credentials = try #require(try await accounts.bootstrapIfEmpty(
            credentials: AccountCredentials(key: "111111111111111", secret: "secret", accountID: "acc1"),
            adminEmail: "root@example.com", adminName: "Root", accountName: "Test"))
        _ = try await accounts.setSeats(accountID: credentials.accountID, planUserLimit: planUserLimit, additionalUserSubscriptions: 0)
    }

    func reopen() throws -> any GatehouseStore { try database.open() }

    /// The services over a second store on the same file, acting as the operator.
    func reopenedProvisioning() throws -> ProvisioningService {
        try GatehouseServices(store: try reopen()).provisioning.acting(as: .local)
    }

    func allUsers() async throws -> [User] { try await service.users(UserQuery(accountID: accountID)) }
}
