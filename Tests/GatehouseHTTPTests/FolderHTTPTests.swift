import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// The Admin API folder routes in process: Basic auth with an environment key, Cloudinary's shapes and
/// statuses, and enforcement with the key's roles.
@Suite struct FolderHTTPTests {
    struct Key {
        var key: String
        var secret: String
        var headers: HTTPFields {
            [.authorization: "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString(), .contentType: "application/json"]
        }
    }

    static let master = "cld::role::prodenv::master_admin"

    /// The bootstrap environment's cloud name and id.
    static func environment(_ app: TestApp) async throws -> ProductEnvironment {
        try await app.store.read { try $0.environments(EnvironmentQuery(accountID: TestApp.account)) }[0]
    }

    /// A new key of the environment, with global roles and folder roles (`[(role, folder external id)]`).
    static func newKey(
        _ client: some TestClientProtocol, env: ProductEnvironment, roles: [(String, String?)] = []
    ) async throws -> Key {
        let created = try await client.execute(
            uri: TestApp.path("sub_accounts/\(env.id)/access_keys"), method: .post, headers: TestApp.auth,
            body: ByteBuffer(string: #"{"name": "k\#(UUID().uuidString.prefix(8))"}"#))
        let json = try TestApp.json(created)
        let key = Key(key: try #require(json["api_key"] as? String), secret: try #require(json["api_secret"] as? String))
        if !roles.isEmpty {
            let list = roles.map { r in
                r.1.map { #"{"id": "\#(r.0)", "scope_id": "\#(env.id)", "policy_parameters": {"folder_id": "\#($0)"}}"# }
                    ?? #"{"id": "\#(r.0)", "scope_id": "\#(env.id)"}"#
            }.joined(separator: ",")
            let body = #"{"operation": "add", "principal": {"type": "apiKey", "id": "\#(key.key)"}, "roles": [\#(list)]}"#
            try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/principal_roles", method: .put, headers: TestApp.auth,
                body: ByteBuffer(string: body)
            ) { #expect($0.status == .ok, "assign \(roles)") }
        }
        return key
    }

    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ env: ProductEnvironment, _ path: String, key: Key,
        body: String? = nil
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1_1/\(env.cloudName)/\(path)", method: method, headers: key.headers, body: body.map { ByteBuffer(string: $0) })
    }

    static func paths(_ response: TestResponse) throws -> [String] {
        try #require(try TestApp.json(response)["folders"] as? [[String: Any]]).compactMap { $0["path"] as? String }
    }

    @Test func crudWithCloudinaryShapes() async throws {
        let app = try await TestApp()
        let env = try await Self.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await Self.newKey(client, env: env, roles: [(Self.master, nil)])
            let created = try await Self.call(client, .post, env, "folders/Creative/2026/Jan%20Shots", key: admin)
            #expect(created.status == .ok)
            let json = try TestApp.json(created)
            #expect(json["success"] as? Bool == true && json["path"] as? String == "Creative/2026/Jan Shots" && json["name"] as? String == "Jan Shots")
            let janID = try #require(json["external_id"] as? String)

            let root = try await Self.call(client, .get, env, "folders", key: admin)
            let rootJSON = try TestApp.json(root)
            #expect(try Self.paths(root) == ["Creative"] && rootJSON["total_count"] as? Int == 1)
            #expect(rootJSON.keys.contains("next_cursor") && rootJSON["next_cursor"] is NSNull)
            #expect(try Self.paths(try await Self.call(client, .get, env, "folders/Creative/2026", key: admin)) == ["Creative/2026/Jan Shots"])

            _ = try await Self.call(client, .post, env, "folders/Assets", key: admin)
            let firstPage = try TestApp.json(try await Self.call(client, .get, env, "folders?max_results=1", key: admin))
            #expect((firstPage["folders"] as? [[String: Any]])?.first?["path"] as? String == "Assets")
            #expect(firstPage["total_count"] as? Int == 2 && firstPage["next_cursor"] as? String == "1")
            let lastPage = try TestApp.json(try await Self.call(client, .get, env, "folders?max_results=1&next_cursor=1", key: admin))
            #expect((lastPage["folders"] as? [[String: Any]])?.first?["path"] as? String == "Creative" && lastPage["next_cursor"] is NSNull)
            #expect(try await Self.call(client, .delete, env, "folders/Assets", key: admin).status == .ok)

            let dup = try await Self.call(client, .post, env, "folders/Creative/2026", key: admin)
            #expect(dup.status == .conflict)
            #expect(try await Self.call(client, .get, env, "folders/Nope", key: admin).status == .notFound)
            #expect(try await Self.call(client, .post, env, "folders/a//b", key: admin).status == .badRequest)
            #expect(try await Self.call(client, .post, env, "folders/a%3Fb", key: admin).status == .badRequest)

            let moved = try await Self.call(client, .put, env, "folders/Creative/2026", key: admin, body: #"{"to_folder": "Archive/2026"}"#)
            #expect(moved.status == .ok)
            let move = try TestApp.json(moved)
            #expect((move["from"] as? [String: Any])?["path"] as? String == "Creative/2026")
            #expect((move["to"] as? [String: Any])?["path"] as? String == "Archive/2026")
            let sub = try await Self.call(client, .get, env, "folders/Archive/2026", key: admin)
            let first = try #require((try TestApp.json(sub)["folders"] as? [[String: Any]])?.first)
            #expect(first["external_id"] as? String == janID && first["path"] as? String == "Archive/2026/Jan Shots")

            let notEmpty = try await Self.call(client, .delete, env, "folders/Archive", key: admin)
            #expect(try notEmpty.status == .badRequest && TestApp.errorMessage(notEmpty).contains("not empty"))
            let deleted = try await Self.call(client, .delete, env, "folders/Archive/2026/Jan%20Shots", key: admin)
            #expect(try TestApp.json(deleted)["deleted"] as? [String] == ["Archive/2026/Jan Shots"])

            let search = try await Self.call(client, .get, env, "folders/search?expression=path%3AArchive&sort_by=path", key: admin)
            #expect(search.status == .ok)
            #expect(try Self.paths(search) == ["Archive", "Archive/2026"] && (try TestApp.json(search))["total_count"] as? Int == 2)
            let posted = try await Self.call(client, .post, env, "folders/search", key: admin, body: #"{"expression": "name=2026", "max_results": 5}"#)
            #expect(try Self.paths(posted) == ["Archive/2026"])
        }
    }

    @Test func credentialsAreThoseOfTheEnvironment() async throws {
        let app = try await TestApp()
        let env = try await Self.environment(app)
        try await app.app.test(.router) { client in
            let key = try await Self.newKey(client, env: env)
            let wrong = Key(key: key.key, secret: "nope")
            #expect(try await Self.call(client, .get, env, "folders", key: wrong).status == .unauthorized)
            let unknown = try await client.execute(uri: "/v1_1/no-such-cloud/folders", method: .get, headers: key.headers)
            #expect(unknown.status == .unauthorized)
            let none = try await client.execute(uri: "/v1_1/\(env.cloudName)/folders", method: .get)
            #expect(try none.status == .unauthorized && TestApp.errorMessage(none).isEmpty == false)
            // An account (provisioning) key is no environment key.
            #expect(try await client.execute(uri: "/v1_1/\(env.cloudName)/folders", method: .get, headers: TestApp.auth).status == .unauthorized)
            #expect(try await Self.call(client, .get, env, "folders", key: key).status == .ok)
        }
    }

    @Test func enforcementWithFolderRolesDownTheTree() async throws {
        let app = try await TestApp()
        let env = try await Self.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await Self.newKey(client, env: env, roles: [(Self.master, nil)])
            let creative = try TestApp.json(try await Self.call(client, .post, env, "folders/Creative", key: admin))["external_id"] as? String
            let creativeID = try #require(creative)
            _ = try await Self.call(client, .post, env, "folders/Creative/2026/Jan", key: admin)
            _ = try await Self.call(client, .post, env, "folders/Marketing", key: admin)

            let viewer = try await Self.newKey(client, env: env, roles: [("cld::role::folder::viewer", creativeID)])
            #expect(try Self.paths(try await Self.call(client, .get, env, "folders", key: viewer)) == ["Creative"])
            #expect(try Self.paths(try await Self.call(client, .get, env, "folders/Creative/2026", key: viewer)) == ["Creative/2026/Jan"])
            let denied = try await Self.call(client, .post, env, "folders/Creative/2026/Feb", key: viewer)
            #expect(denied.status == .forbidden)
            #expect(try TestApp.errorMessage(denied).contains(#"Request forbidden due to missing permissions (actions=["create"])"#))
            #expect(try await Self.call(client, .get, env, "folders/Marketing", key: viewer).status == .forbidden)

            let contributor = try await Self.newKey(client, env: env, roles: [("cld::role::folder::contributor", creativeID)])
            #expect(try await Self.call(client, .post, env, "folders/Creative/2026/Feb", key: contributor).status == .ok)
            #expect(try await Self.call(client, .post, env, "folders/Marketing/x", key: contributor).status == .forbidden)
            let rename = try await Self.call(client, .put, env, "folders/Creative/2026/Feb", key: contributor, body: #"{"to_folder": "Creative/2026/Mar"}"#)
            #expect(try rename.status == .forbidden && TestApp.errorMessage(rename).contains(#"actions=["update"]"#))
            let remove = try await Self.call(client, .delete, env, "folders/Creative/2026/Feb", key: contributor)
            #expect(try remove.status == .forbidden && TestApp.errorMessage(remove).contains(#"actions=["delete"]"#))
        }
    }

    @Test func folderRolesThroughInvite() async throws {
        let app = try await TestApp()
        let env = try await Self.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await Self.newKey(client, env: env, roles: [(Self.master, nil)])
            let creativeID = try #require(try TestApp.json(try await Self.call(client, .post, env, "folders/Creative", key: admin))["external_id"] as? String)
            let janID = try #require(try TestApp.json(try await Self.call(client, .post, env, "folders/Creative/2026/Jan", key: admin))["external_id"] as? String)
            let target = try await Self.newKey(client, env: env)

            let assign = #"{"principal": {"type": "apiKey", "id": "\#(target.key)"}, "operation": "add", "roles": ["cld::role::folder::contributor"]}"#
            let ok = try await Self.call(client, .post, env, "folder_operations/invite/\(creativeID)", key: admin, body: assign)
            #expect(try ok.status == .ok && TestApp.json(ok)["success"] as? Bool == true)
            // The role now works for the target down the tree.
            #expect(try await Self.call(client, .post, env, "folders/Creative/2026/Jan/Week1", key: target).status == .ok)
            #expect(try await Self.call(client, .post, env, "folders/Elsewhere", key: target).status == .forbidden)

            let listed = try await Self.call(client, .get, env, "folder_operations/invite/\(janID)?permitted_roles=true", key: admin)
            let body = try TestApp.json(listed)
            let shared = try #require(body["shared_with"] as? [[String: Any]])
            #expect(shared.count == 1)
            #expect(shared[0]["type"] as? String == "apiKey" && shared[0]["id"] as? String == target.key && shared[0]["folder_id"] as? String == creativeID)
            let role = try #require((shared[0]["roles"] as? [[String: Any]])?.first)
            #expect(role["id"] as? String == "cld::role::folder::contributor" && role["inherited"] as? Bool == true && role["name"] as? String == "Contributor")
            #expect((body["permitted_roles"] as? [[String: Any]])?.count == 4)

            // The contributor may not share; bad requests are 400; unknown folders 404.
            let byTarget = try await Self.call(client, .post, env, "folder_operations/invite/\(janID)", key: target, body: assign)
            #expect(try byTarget.status == .forbidden && TestApp.errorMessage(byTarget).contains(#"actions=["share"]"#))
            let tooMany = #"{"principal": {"type": "apiKey", "id": "\#(target.key)"}, "operation": "add", "roles": [\#((0..<11).map { _ in #""cld::role::folder::viewer""# }.joined(separator: ","))]}"#
            #expect(try await Self.call(client, .post, env, "folder_operations/invite/\(janID)", key: admin, body: tooMany).status == .badRequest)
            let global = #"{"principal": {"type": "apiKey", "id": "\#(target.key)"}, "operation": "add", "roles": ["\#(Self.master)"]}"#
            #expect(try await Self.call(client, .post, env, "folder_operations/invite/\(janID)", key: admin, body: global).status == .badRequest)
            let account = #"{"principal": {"type": "provisioningKey", "id": "\#(TestApp.key)"}, "operation": "add", "roles": ["cld::role::folder::viewer"]}"#
            #expect(try await Self.call(client, .post, env, "folder_operations/invite/\(janID)", key: admin, body: account).status == .badRequest)
            #expect(try await Self.call(client, .get, env, "folder_operations/invite/cnope", key: admin).status == .notFound)

            let removal = #"{"principal": {"type": "apiKey", "id": "\#(target.key)"}, "operation": "remove", "roles": ["cld::role::folder::contributor"]}"#
            #expect(try await Self.call(client, .post, env, "folder_operations/invite/\(creativeID)", key: admin, body: removal).status == .ok)
            #expect(try await Self.call(client, .post, env, "folders/Creative/Other", key: target).status == .forbidden)
        }
    }
}
