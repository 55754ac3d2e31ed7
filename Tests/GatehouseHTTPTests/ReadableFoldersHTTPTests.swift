import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST …/permissions/readable_folders`: the folders of an environment a user, group or key may read, in the
/// Admin API search's shape, the same a key's own `folders/search` shows it; bad input names its field.
@Suite struct ReadableFoldersHTTPTests {
    static let uri = "/v2/accounts/\(TestApp.account)/permissions/readable_folders"

    static func list(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: TestApp.auth, body: ByteBuffer(string: body))
    }

    @Test func listsWhatEachPrincipalMayRead() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await FolderHTTPTests.newKey(client, env: env, roles: [(FolderHTTPTests.master, nil)])
            var ids: [String: String] = [:]
            for path in ["Creative/2026/Jan", "Creative/2026/Feb", "Marketing/Q1", "Archive"] {
                _ = try await FolderHTTPTests.call(client, .post, env, "folders/\(path)", key: admin)
            }
            let all = try TestApp.json(try await FolderHTTPTests.call(
                client, .post, env, "folders/search", key: admin, body: #"{"max_results": 500}"#))
            for folder in try #require(all["folders"] as? [[String: Any]]) {
                ids[try #require(folder["path"] as? String)] = folder["external_id"] as? String
            }
            let creative = try #require(ids["Creative"]), q1 = try #require(ids["Marketing/Q1"])

            // A user with a folder role on Creative sees its subtree, a page at a time, by path.
            let user = try await CollectionHTTPTests.newUser(client)
            let role = #"{"id": "cld::role::folder::viewer", "scope_id": "\#(env.id)", "policy_parameters": {"folder_id": "\#(creative)"}}"#
            let grant = #"{"operation": "add", "principal": {"type": "user", "id": "\#(user)"}, "roles": [\#(role)]}"#
            try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/principal_roles", method: .put, headers: TestApp.auth,
                body: ByteBuffer(string: grant)
            ) { #expect($0.status == .ok) }
            let asUser = #""principal": {"type": "user", "id": "\#(user)"}, "scope_id": "\#(env.id)""#
            let first = try await Self.list(client, #"{\#(asUser), "sort_by": "path", "max_results": 2}"#)
            #expect(first.status == .ok)
            let page = try TestApp.json(first)
            #expect(try FolderHTTPTests.paths(first) == ["Creative", "Creative/2026"])
            #expect(page["total_count"] as? Int == 4 && page["next_cursor"] as? String == "2")
            let second = try await Self.list(client, #"{\#(asUser), "sort_by": "path", "max_results": 2, "next_cursor": "2"}"#)
            #expect(try FolderHTTPTests.paths(second) == ["Creative/2026/Feb", "Creative/2026/Jan"])
            let named = try await Self.list(client, #"{\#(asUser), "expression": "name:Jan"}"#)
            #expect(try FolderHTTPTests.paths(named) == ["Creative/2026/Jan"])

            // A key sees here what its own search shows it; a key without roles, nothing.
            let viewer = try await FolderHTTPTests.newKey(client, env: env, roles: [("cld::role::folder::viewer", q1)])
            let own = try FolderHTTPTests.paths(try await FolderHTTPTests.call(
                client, .post, env, "folders/search", key: viewer, body: #"{"sort_by": "path"}"#))
            let asKey = try await Self.list(
                client, #"{"principal": {"type": "apiKey", "id": "\#(viewer.key)"}, "scope_id": "\#(env.id)", "sort_by": "path"}"#)
            #expect(try own == ["Marketing/Q1"] && FolderHTTPTests.paths(asKey) == own)
            let bare = try await FolderHTTPTests.newKey(client, env: env)
            let none = try await Self.list(client, #"{"principal": {"type": "apiKey", "id": "\#(bare.key)"}, "scope_id": "\#(env.id)"}"#)
            #expect(try TestApp.json(none)["total_count"] as? Int == 0)
            let master = try await Self.list(client, #"{"principal": {"type": "apiKey", "id": "\#(admin.key)"}, "scope_id": "\#(env.id)"}"#)
            #expect(try TestApp.json(master)["total_count"] as? Int == ids.count)

            // Bad input is a 400 naming the field.
            for (body, field) in [
                (#"{"scope_id": "\#(env.id)"}"#, "principal"),
                (#"{"principal": {"type": "user", "id": "\#(user)"}}"#, "scope_id"),
                (#"{\#(asUser), "max_results": 501}"#, "max_results"),
                (#"{\#(asUser), "expression": "a OR b"}"#, "expression"),
            ] {
                let refused = try await Self.list(client, body)
                #expect(refused.status == .badRequest, "\(body)")
                #expect(try TestApp.errorMessage(refused).contains(field), "\(body)")
            }
        }
    }
}
