import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ProvisioningHTTPTests {
    @Test func missingOrWrongCredentialsGive401InCloudinaryShape() async throws {
        try await TestApp().app.test(.router) { client in
            try await client.execute(uri: TestApp.path("users"), method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let value = try TestApp.errorMessage(response)
                #expect(value == "Invalid credentials")
            }
            let wrong: HTTPFields = [.authorization: "Basic " + Data("\(TestApp.key):nope".utf8).base64EncodedString()]
            try await client.execute(uri: TestApp.path("users"), method: .get, headers: wrong) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func anotherAccountsPathIsForbidden() async throws {
        try await TestApp().app.test(.router) { client in
            try await client.execute(uri: "/v1_1/provisioning/accounts/other/users", method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .forbidden)
                let value = try TestApp.json(response)["users"]
                #expect(value == nil)
            }
        }
    }

    @Test func createThenListUserWithLegacyStringBooleans() async throws {
        try await TestApp().app.test(.router) { client in
            let body = #"{"name": "Ann Ex", "email": "ann@example.com", "role": "admin", "enabled": "false"}"#
            let id = try await client.execute(
                uri: TestApp.path("users"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let user = try TestApp.json(response)
                #expect(user["pending"] as? Bool == true)
                #expect(user["status"] as? String == "pending")
                #expect(user["enabled"] as? Bool == false)
                #expect(user["role"] as? String == "admin")
                return try #require(user["id"] as? String)
            }
            for query in ["ids=\(id)", "ids[]=\(id)", "ids=\(id),zzz", "prefix=ann+e"] {
                try await client.execute(uri: TestApp.path("users?\(query)"), method: .get, headers: TestApp.auth) { response in
                    let users = try #require(try TestApp.json(response)["users"] as? [[String: Any]])
                    #expect(users.map { $0["id"] as? String } == [id], "query \(query)")
                }
            }
        }
    }

    @Test func badInputNamesTheFieldAndWritesNothing() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let cases: [(String, String)] = [
                ("{not json", "not valid JSON"),
                ("[1,2]", "JSON object"),
                (#"{"email": "a@example.com"}"#, "name"),
                (#"{"name": 5, "email": "a@example.com"}"#, "name"),
                (#"{"name": "A", "email": "not-an-email"}"#, "email"),
                (#"{"name": "A", "email": "a@example.com", "role": "emperor"}"#, "role"),
                (#"{"name": "A", "email": "a@example.com", "sub_account_ids": "zzz"}"#, "sub_account_ids"),
                ("{\"name\": \"\(String(repeating: "x", count: 300))\", \"email\": \"a@example.com\"}", "name"),
            ]
            for (body, expected) in cases {
                try await client.execute(uri: TestApp.path("users"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "body \(body)")
                    let message = try TestApp.errorMessage(response)
                    #expect(message.contains(expected), "body \(body)")
                }
            }
            let tooMany = (0...100).map { "ids=\($0)" }.joined(separator: "&")
            try await client.execute(uri: TestApp.path("users?\(tooMany)"), method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .badRequest)
                let message = try TestApp.errorMessage(response)
                #expect(message.contains("ids"))
            }
            try await client.execute(uri: TestApp.path("users"), method: .get, headers: TestApp.auth) { response in
                let users = try TestApp.json(response)["users"] as? [Any]
                #expect(users?.count == 1)
            }
        }
    }

    @Test func unknownIdsAndRoutesAreJSON404s() async throws {
        try await TestApp().app.test(.router) { client in
            try await client.execute(uri: TestApp.path("users/nope"), method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .notFound)
                let value = try TestApp.errorMessage(response)
                #expect(value == "Cannot find user with id nope")
            }
            try await client.execute(uri: TestApp.path("users?sub_account_id=zz"), method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .notFound)
                let value = try TestApp.errorMessage(response)
                #expect(value == "Cannot find sub account with id zz")
            }
            try await client.execute(uri: "/no/such/route", method: .get) { response in
                #expect(response.status == .notFound)
                let value = try TestApp.errorMessage(response)
                #expect(value == "Not found")
            }
        }
    }

    @Test func deleteAccessKeyByNameFromQueryOrBody() async throws {
        try await TestApp().app.test(.router) { client in
            let env = try await client.execute(uri: TestApp.path("sub_accounts"), method: .get, headers: TestApp.auth) { response in
                let envs = try #require(try TestApp.json(response)["sub_accounts"] as? [[String: Any]])
                return try #require(envs.first?["id"] as? String)
            }
            for name in ["by-query", "by-body"] {
                try await client.execute(
                    uri: TestApp.path("sub_accounts/\(env)/access_keys"), method: .post, headers: TestApp.auth,
                    body: ByteBuffer(string: #"{"name": "\#(name)"}"#)) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: TestApp.path("sub_accounts/\(env)/access_keys?name=by-query"), method: .delete, headers: TestApp.auth) {
                #expect($0.status == .ok)
                let value = try TestApp.json($0)["message"] as? String
                #expect(value == "ok")
            }
            try await client.execute(
                uri: TestApp.path("sub_accounts/\(env)/access_keys"), method: .delete, headers: TestApp.auth,
                body: ByteBuffer(string: #"{"name": "by-body"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: TestApp.path("sub_accounts/\(env)/access_keys"), method: .get, headers: TestApp.auth) { response in
                let value = try TestApp.json(response)["total"] as? Int
                #expect(value == 1)
            }
        }
    }
}
