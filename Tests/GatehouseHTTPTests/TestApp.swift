import Foundation
import GatehouseConsole
import GatehouseCore
import GatehouseHTTP
import GatehouseStoreSQLite
import Hummingbird
import HummingbirdTesting
import Testing

/// An in-process application over a fresh SQLite store with a known account.
struct TestApp {
    static let key = "123456789012345"
    static let secret = "s3cr3t"
    static let account = "acc1"

    let directory: URL
    let store: SQLiteStore
    let services: GatehouseServices
    /// Account administration as the operator, for setting up callers.
    let accounts: AccountService
    let app: Application<RouterResponder<GatehouseRequestContext>>

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-http-\(UUID().uuidString)")
        store = try SQLiteStore(directory: directory)
        var identity = IdentitySettings(publicURL: "http://gatehouse.test")
        identity.bcryptCost = 4  // the policy is bcrypt's; its cost is the tests' to lower
        services = try GatehouseServices(store: store, identity: identity)
        accounts = services.accounts.acting(as: .local)
        _ = try await accounts.bootstrapIfEmpty(
            credentials: AccountCredentials(key: Self.key, secret: Self.secret, accountID: Self.account),
            adminEmail: "root@example.com", adminName: "Root", accountName: "Test")
        app = Application(router: try Self.router(services))
    }

    /// Every door `gatehouse serve` opens: the APIs and the Console.
    static func router(_ services: GatehouseServices) throws -> Router<GatehouseRequestContext> {
        let router = GatehouseServer.buildRouter(services: services)
        try ConsoleRoutes(services: services).register(on: router)
        return router
    }

    static var auth: HTTPFields {
        [.authorization: "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString(), .contentType: "application/json"]
    }

    static func path(_ rest: String) -> String { "/v1_1/provisioning/accounts/\(account)/\(rest)" }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        return try #require(object as? [String: Any])
    }

    static func errorMessage(_ response: TestResponse) throws -> String {
        let error = try #require(try json(response)["error"] as? [String: Any])
        return try #require(error["message"] as? String)
    }
}
