import Foundation
import GatehouseCore
@testable import GatehouseHTTP
import GatehouseStoreSQLite
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing

/// What the store says when it fails (SQLite's messages, table and column names, damaged values) is for the
/// server log: clients get a plain 500 "Something went wrong".
@Suite struct ErrorTextTests {
    static let generic = "Something went wrong"

    @Test func databaseAndCorruptDataErrorsAreGeneric500s() {
        let errors: [any Error] = [
            DatabaseError(resultCode: .SQLITE_CORRUPT, message: "database disk image is malformed", sql: "SELECT * FROM user"),
            DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "NOT NULL constraint failed: user.emailKey"),
            GatehouseError.corruptData("user.role holds \"overlord\""),
        ]
        for error in errors {
            let (status, message, fields) = CloudinaryErrorMiddleware<GatehouseRequestContext>.describe(error)
            #expect(status == .internalServerError)
            #expect(message == Self.generic)
            #expect(fields.isEmpty)
        }
    }

    @Test func aDamagedRowAnswersAPlain500OnBothAPIs() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-http-\(UUID().uuidString)")
        let store = try SQLiteStore(directory: dir)
        let services = try GatehouseServices(store: store)
        _ = try await services.accounts.acting(as: .local).bootstrapIfEmpty(
            credentials: AccountCredentials(key: TestApp.key, secret: TestApp.secret, accountID: TestApp.account),
            adminEmail: "root@example.com", adminName: "Root", accountName: "Test")
        let app = Application(router: GatehouseServer.buildRouter(services: services))

        try await app.test(.router) { client in
            let root = try await client.execute(uri: TestApp.path("users"), method: .get, headers: TestApp.auth) { response in
                let users = try #require(try TestApp.json(response)["users"] as? [[String: Any]])
                return try #require(users.first?["id"] as? String)
            }
            let queue = try DatabaseQueue(path: dir.appendingPathComponent("gatehouse.sqlite").path)
            try await queue.write { db in try db.execute(sql: "UPDATE user SET role = 'overlord'") }
            let uris = [
                TestApp.path("users/\(root)"),
                "/v2/accounts/\(TestApp.account)/permissions/principal_roles?principal_type=user&principal_id=\(root)&permission_type=global",
            ]
            for uri in uris {
                try await client.execute(uri: uri, method: .get, headers: TestApp.auth) { response in
                    #expect(response.status == .internalServerError, "\(uri)")
                    let text = String(buffer: response.body)
                    #expect(text.contains(Self.generic), "\(uri): \(text)")
                    #expect(!text.contains("overlord") && !text.contains("user.role"), "\(uri): \(text)")
                }
            }
        }
    }
}
