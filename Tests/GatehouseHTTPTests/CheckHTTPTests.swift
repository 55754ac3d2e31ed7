import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST …/permissions/check` through HTTP: the answer's JSON (written by hand, not by an encoder) carries
/// the decision, the path of each determining policy, the missing permissions of a deny, batches,
/// composite operations and `what_if`, with any text a person typed escaped exactly.
@Suite struct CheckHTTPTests {
    static let editor = "cld::role::folder::editor"
    /// Quotes, a backslash, a control character and non-ASCII: all must survive the round trip.
    static let groupName = "Team \"Q\" \\ é ✓\u{1}"

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: String, method: HTTPRequest.Method = .post) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: TestApp.auth, body: ByteBuffer(string: body))
    }

    static func asset(_ chain: [String]) -> String {
        #"{"type": "Asset", "id": "a1", "attributes": {"ancestor_ids": [\#(chain.map { "\"\($0)\"" }.joined(separator: ","))], "resource_type": "image", "access_mode": "public"}}"#
    }

    /// A question asked again is answered with the bytes encoded the first time (`RenderedAnswers`), until
    /// a write changes the answer.
    @Test func aRepeatedAnswerIsTheSameBytesUntilAWriteChangesIt() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let user = try await CollectionHTTPTests.newUser(client)
            let uri = "/v2/accounts/\(TestApp.account)/permissions/check"
            let question = #"{"principal": {"type": "user", "id": "\#(user)"}, "action": "update", "scope_id": "\#(env.id)", "resource": \#(Self.asset(["f1"]))}"#
            var bodies: [ByteBuffer] = []
            for _ in 0..<4 {
                let answer = try await Self.post(client, uri, question)
                #expect(answer.status == .ok)
                bodies.append(answer.body)
            }
            #expect(Set(bodies).count == 1)
            #expect(String(buffer: bodies[0]).contains(#""decision":"deny""#))

            let grant = #"{"operation": "add", "principal": {"type": "user", "id": "\#(user)"}, "roles": [{"id": "\#(Self.editor)", "scope_id": "\#(env.id)", "policy_parameters": {"folder_id": "f1"}}]}"#
            #expect(try await Self.post(client, "/v2/accounts/\(TestApp.account)/permissions/principal_roles", grant, method: .put).status == .ok)
            for _ in 0..<3 {
                let after = try TestApp.json(try await Self.post(client, uri, question))["data"] as? [String: Any]
                #expect(after?["decision"] as? String == "allow")
            }
        }
    }

    @Test func answersExplainPathsMissingPermissionsBatchesAndCompositeOperations() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let user = try await CollectionHTTPTests.newUser(client)
            let groupBody = String(data: try JSONSerialization.data(withJSONObject: ["name": Self.groupName]), encoding: .utf8)!
            let group = try #require(try TestApp.json(try await Self.post(client, TestApp.path("user_groups"), groupBody))["id"] as? String)
            #expect(try await Self.post(client, TestApp.path("user_groups/\(group)/users/\(user)"), "").status == .ok)
            let grant = #"{"operation": "add", "principal": {"type": "group", "id": "\#(group)"}, "roles": [{"id": "\#(Self.editor)", "scope_id": "\#(env.id)", "policy_parameters": {"folder_id": "f1"}}]}"#
            #expect(try await Self.post(client, "/v2/accounts/\(TestApp.account)/permissions/principal_roles", grant, method: .put).status == .ok)
            let uri = "/v2/accounts/\(TestApp.account)/permissions/check"
            func check(_ action: String, _ chain: [String], extra: String = "") -> String {
                #"{"principal": {"type": "user", "id": "\#(user)"}, "action": "\#(action)", "scope_id": "\#(env.id)", "resource": \#(Self.asset(chain))\#(extra)}"#
            }

            // Allowed inside the folder: the path runs user → group (its exact name) → role on f1 → policy.
            let allowed = try #require(try TestApp.json(try await Self.post(client, uri, check("update", ["f1", "f1a"])))["data"] as? [String: Any])
            #expect(allowed["decision"] as? String == "allow")
            #expect((allowed["missing_permissions"] as? [Any])?.isEmpty == true && (allowed["errors"] as? [Any])?.isEmpty == true)
            let determining = try #require(allowed["determining_policies"] as? [[String: Any]])
            #expect(!determining.isEmpty && determining.allSatisfy { $0["effect"] as? String == "permit" })
            let path = try #require(determining[0]["path"] as? [[String: Any]])
            #expect(path.map { $0["type"] as? String } == ["principal", "group", "role", "system_policy"])
            #expect(path[1]["name"] as? String == Self.groupName)
            #expect(path[2]["id"] as? String == Self.editor && path[2]["scope_id"] as? String == env.id)
            #expect((path[2]["policy_parameters"] as? [String: Any])?["folder_id"] as? String == "f1")
            #expect(path[2]["hypothetical"] == nil && path[0]["scope_id"] == nil)

            // Denied in another folder: what would have allowed it, held on that folder, and which roles carry it.
            let denied = try #require(try TestApp.json(try await Self.post(client, uri, check("update", ["f2"])))["data"] as? [String: Any])
            #expect(denied["decision"] as? String == "deny" && (denied["determining_policies"] as? [Any])?.isEmpty == true)
            let missing = try #require(denied["missing_permissions"] as? [[String: Any]])
            #expect(!missing.isEmpty)
            let onFolder = missing.filter { ($0["policy_parameters"] as? [String: Any])?["folder_id"] as? String == "f2" }
            #expect(!onFolder.isEmpty && onFolder.allSatisfy { ($0["roles"] as? [String])?.contains(Self.editor) == true })
            #expect(missing.allSatisfy { $0["system_policy_id"] is String && $0["name"] is String })

            // what_if: the same check as if the role were held on f2; the step says it is hypothetical.
            let whatIf = #", "what_if": [{"role_id": "\#(Self.editor)", "scope_id": "\#(env.id)", "policy_parameters": {"folder_id": "f2"}}]"#
            let hypothetical = try #require(try TestApp.json(try await Self.post(client, uri, check("update", ["f2"], extra: whatIf)))["data"] as? [String: Any])
            #expect(hypothetical["decision"] as? String == "allow")
            let steps = try #require((hypothetical["determining_policies"] as? [[String: Any]])?.first?["path"] as? [[String: Any]])
            #expect(steps.contains { $0["type"] as? String == "role" && $0["hypothetical"] as? Bool == true })

            // A batch answers in order.
            let batch = #"{"checks": [\#(check("update", ["f1"])), \#(check("update", ["f2"]))]}"#
            let answers = try #require(try TestApp.json(try await Self.post(client, uri, batch))["data"] as? [[String: Any]])
            #expect(answers.map { $0["decision"] as? String } == ["allow", "deny"])

            // A composite operation names the unmet requirement.
            let move = #"{"operation": "move_assets", "principal": {"type": "user", "id": "\#(user)"}, "scope_id": "\#(env.id)", "asset": {"id": "a1", "attributes": {"ancestor_ids": ["f1"], "resource_type": "image"}}, "destination": {"ancestor_ids": ["f2"]}}"#
            let composite = try #require(try TestApp.json(try await Self.post(client, uri, move))["data"] as? [String: Any])
            #expect(composite["operation"] as? String == "move_assets" && composite["decision"] as? String == "deny")
            let parts = try #require(composite["requirements"] as? [[String: Any]])
            #expect(parts.allSatisfy { $0["requirement"] is String && $0["satisfied"] is Bool && ($0["result"] as? [String: Any])?["decision"] is String })
            let unmet = try #require(composite["missing_requirements"] as? [String])
            #expect(!unmet.isEmpty && unmet.count == parts.filter { $0["satisfied"] as? Bool == false }.count)
        }
    }
}
