import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Rule 5, "no request stops the server": input that used to trap or answer 500 is a 4xx, and the
/// application keeps answering afterwards.
@Suite struct RobustnessHTTPTests {
    typealias F = FolderHTTPTests

    static func permissionsError(_ r: TestResponse) throws -> (code: String, message: String) {
        let error = try #require(try TestApp.json(r)["error"] as? [String: Any])
        return (try #require(error["code"] as? String), try #require(error["message"] as? String))
    }

    /// `sort_by=:` was an index out of range (the process died); every odd spelling is now a 400.
    @Test func oddSortByIsBadRequest() async throws {
        let app = try await TestApp()
        let env = try await F.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await F.newKey(client, env: env, roles: [(F.master, nil)])
            _ = try await F.call(client, .post, env, "folders/A", key: admin)
            for raw in [":", "-", "name:", ":asc", "[", "[]", "[{}]", "[1]", #"[{"name":1}]"#, #"[{"name":"asc","path":"desc"}]"#,
                        #"[{"name":1e999}]"#, "name:up", "size"] {
                let encoded = try #require(raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let r = try await F.call(client, .get, env, "folders/search?sort_by=\(encoded)", key: admin)
                #expect(r.status == .badRequest, "GET sort_by=\(raw)")
            }
            for body in [#"{"sort_by": ":"}"#, #"{"sort_by": [{}]}"#, #"{"sort_by": 5}"#, #"{"sort_by": [1]}"#,
                         #"{"sort_by": [{"name": "asc", "path": "asc"}]}"#, #"{"sort_by": [{"name": 1e999}]}"#] {
                let r = try await F.call(client, .post, env, "folders/search", key: admin, body: body)
                #expect(r.status == .badRequest, "POST \(body)")
            }
            for raw in ["name:desc", "-path", #"[{"created_at":"asc"}]"#, "name"] {
                let encoded = try #require(raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                #expect(try await F.call(client, .get, env, "folders/search?sort_by=\(encoded)", key: admin).status == .ok, "\(raw)")
            }
            #expect(try await F.call(client, .post, env, "folders/search", key: admin, body: #"{"sort_by": "-name"}"#).status == .ok)
            // Numbers past Int: a 400, and a huge cursor is just past the end.
            #expect(try await F.call(client, .get, env, "folders/search?max_results=99999999999999999999", key: admin).status == .badRequest)
            let far = try await F.call(client, .get, env, "folders/search?next_cursor=9223372036854775807", key: admin)
            #expect(far.status == .ok)
            #expect(try await F.call(client, .get, env, "folders?next_cursor=9223372036854775807", key: admin).status == .ok)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    /// `1e999` parsed to infinity and failed to encode (500); non-finite numbers are a 400 wherever they are.
    @Test func nonFiniteNumbersAreBadRequest() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let create = try await client.execute(
                uri: TestApp.path("sub_accounts"), method: .post, headers: TestApp.auth,
                body: ByteBuffer(string: #"{"name": "Inf", "custom_attributes": {"n": 1e999}}"#))
            #expect(create.status == .badRequest)
            #expect(try TestApp.errorMessage(create).contains("finite"))
            let env = try await F.environment(app)
            let update = try await client.execute(
                uri: TestApp.path("sub_accounts/\(env.id)"), method: .put, headers: TestApp.auth,
                body: ByteBuffer(string: #"{"custom_attributes": {"deep": [{"n": -1e400}]}}"#))
            #expect(update.status == .badRequest)
            let fine = try await client.execute(
                uri: TestApp.path("sub_accounts/\(env.id)"), method: .put, headers: TestApp.auth,
                body: ByteBuffer(string: #"{"custom_attributes": {"n": 1e300}}"#))
            #expect(fine.status == .ok)
        }
    }

    static func validate(_ client: some TestClientProtocol, _ policy: String) async throws -> TestResponse {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["policy": policy]), as: UTF8.self)
        return try await client.execute(
            uri: "/v2/accounts/permissions/public/validate", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
    }

    /// Statements past the checker's limits are refused with the Permissions API's error shape, before the
    /// costly validation; within them, the answer is the usual `valid`/`errors`.
    @Test func publicValidateLimits() async throws {
        let app = try await TestApp()
        let limits = StatementLimits.standard
        let one = #"permit(principal, action, resource is Cloudinary::Folder);"#
        try await app.app.test(.router) { client in
            let many = try await Self.validate(client, Array(repeating: one, count: limits.maxPolicies + 1).joined(separator: "\n"))
            #expect(many.status == .contentTooLarge)
            #expect(try Self.permissionsError(many).message.contains("at most \(limits.maxPolicies)"))
            let long = try await Self.validate(client, one + String(repeating: " ", count: limits.maxBytes))
            #expect(long.status == .contentTooLarge)
            let chain = Array(repeating: "true", count: limits.maxDepth + 1).joined(separator: " && ")
            let deep = try await Self.validate(client, "permit(principal, action, resource) when { \(chain) };")
            let deepCode = try Self.permissionsError(deep).code
            #expect(deep.status == .badRequest && deepCode == "ACCOUNTS_00005")
            // Within the limits (a few policies: a debug build under a loaded test run must stay inside the budget).
            let fine = try await Self.validate(client, Array(repeating: one, count: 5).joined(separator: "\n"))
            let valid = try TestApp.json(fine)["valid"] as? Bool
            #expect(fine.status == .ok && valid == true)
        }
    }
}
