import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `X-Request-Id`: on every answer (APIs, the Console, errors, unknown routes), the client's own when it
/// is a sane token, ours otherwise, and the very id the audit event of the request's write records.
@Suite struct RequestIDHTTPTests {
    static let header = HTTPField.Name("X-Request-Id")!

    static func isGenerated(_ id: String?) -> Bool {
        guard let id, let uuid = UUID(uuidString: id) else { return false }
        return id == uuid.uuidString.lowercased()
    }

    @Test func everyAnswerCarriesAnIdGeneratedWhenTheClientSendsNone() async throws {
        try await TestApp().app.test(.router) { client in
            let requests: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
                ("/health", .get, [:], .ok),
                (TestApp.path("users"), .get, TestApp.auth, .ok),
                (TestApp.path("users"), .get, [:], .unauthorized),
                (TestApp.path("users/nobody"), .get, TestApp.auth, .notFound),
                ("/no/such/route", .get, [:], .notFound),
                ("/console/login", .get, [:], .ok),
            ]
            var seen: Set<String> = []
            for (uri, method, headers, status) in requests {
                try await client.execute(uri: uri, method: method, headers: headers) { response in
                    #expect(response.status == status, "\(uri)")
                    let id = response.headers[Self.header]
                    #expect(Self.isGenerated(id), "\(uri): \(id ?? "no id")")
                    if let id { seen.insert(id) }
                }
            }
            #expect(seen.count == requests.count, "each request has its own id")
        }
    }

    @Test func aSaneClientIdIsEchoedOnSuccessAndOnErrors() async throws {
        let ids = ["abc", "req-2026.11.30:42_x", String(repeating: "a", count: 128), "0f8fad5b-d9cb-469f-a165-70867728950e"]
        try await TestApp().app.test(.router) { client in
            for id in ids {
                for uri in ["/health", TestApp.path("users"), "/console/login", "/nope"] {
                    try await client.execute(uri: uri, method: .get, headers: [Self.header: id]) { response in
                        #expect(response.headers[Self.header] == id, "\(uri)")
                    }
                }
            }
        }
    }

    @Test func anUnsafeClientIdIsReplacedByOurs() async throws {
        let unsafe = [
            String(repeating: "a", count: 129), "two words", "quote\"d", "<script>", "a,b", "semi;colon", "=cmd()", "path/../x", "tab\tin",
        ]
        try await TestApp().app.test(.router) { client in
            for id in unsafe {
                try await client.execute(uri: "/health", method: .get, headers: [Self.header: id]) { response in
                    let answered = response.headers[Self.header]
                    #expect(answered != id)
                    #expect(Self.isGenerated(answered), "\(id) → \(answered ?? "none")")
                }
            }
        }
    }

    @Test func theAuditEventOfAWriteRecordsTheAnsweredId() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            var headers = TestApp.auth
            headers[Self.header] = "trace-7.given"
            let given = try await client.execute(
                uri: TestApp.path("user_groups"), method: .post, headers: headers, body: ByteBuffer(string: #"{"name": "Given"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[Self.header] == "trace-7.given")
                return try #require(try TestApp.json(response)["id"] as? String)
            }
            let (generated, answeredID) = try await client.execute(
                uri: TestApp.path("user_groups"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: #"{"name": "Generated"}"#)
            ) { response in
                (try #require(try TestApp.json(response)["id"] as? String), try #require(response.headers[Self.header]))
            }
            #expect(Self.isGenerated(answeredID))
            let events = try await app.services.audit.events(AuditQuery(accountID: TestApp.account, limit: 50))
            let byTarget = Dictionary(events.filter { $0.action == "group.create" }.map { ($0.target.id, $0.requestID) }) { first, _ in first }
            #expect(byTarget[given] == "trace-7.given")
            #expect(byTarget[generated] == answeredID)
            // And the API shows the same id to whoever reads the log.
            let listed = try await client.execute(uri: "/v2/accounts/\(TestApp.account)/audit/events?max_results=50", method: .get, headers: TestApp.auth) {
                try #require(try TestApp.json($0)["data"] as? [[String: Any]])
            }
            let shown = listed.first { ($0["target"] as? [String: Any])?["id"] as? String == generated }
            #expect(shown?["request_id"] as? String == answeredID)
        }
    }
}
