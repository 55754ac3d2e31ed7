import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// The Admin API collection routes in process: Basic auth with an environment key, Cloudinary's shapes and
/// statuses, enforcement with the key's roles, and collection roles through `collection_operations/invite`.
@Suite struct CollectionHTTPTests {
    typealias Key = FolderHTTPTests.Key
    static let master = "cld::role::prodenv::master_admin"
    static let viewer = "cld::role::collection::viewer"
    static let editor = "cld::role::collection::editor"

    static func collections(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try TestApp.json(response)["collections"] as? [[String: Any]])
    }

    static func newUser(_ client: some TestClientProtocol) async throws -> String {
        let body = #"{"name": "Ann", "email": "ann-\#(UUID().uuidString.prefix(8))@example.com"}"#
        let created = try await client.execute(uri: TestApp.path("users"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: body))
        return try #require(try TestApp.json(created)["id"] as? String)
    }

    /// A key of the environment holding Master Admin, and a call through the Admin API with it.
    static func masterAdmin(
        _ client: some TestClientProtocol, env: ProductEnvironment
    ) async throws -> (Key, (HTTPRequest.Method, String, String?) async throws -> TestResponse) {
        let admin = try await FolderHTTPTests.newKey(client, env: env, roles: [(master, nil)])
        return (admin, { method, path, body in try await FolderHTTPTests.call(client, method, env, path, key: admin, body: body) })
    }

    @Test func crudWithCloudinaryShapes() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let (admin, call) = try await Self.masterAdmin(client, env: env)
            let created = try await call(.post, "collections", #"{"name": "  Spring "}"#)
            #expect(created.status == .ok)
            let json = try TestApp.json(created)
            let springID = try #require(json["external_id"] as? String)
            #expect(json["name"] as? String == "Spring" && (json["created_at"] as? String)?.hasSuffix("Z") == true)
            #expect((json["created_by"] as? [String: Any])?["id"] as? String == admin.key)
            // The name may also come as a form body or in the query string.
            let form = try await client.execute(
                uri: "/v1_1/\(env.cloudName)/collections", method: .post,
                headers: [.authorization: admin.headers[.authorization]!, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "name=Autumn+2026"))
            #expect(try form.status == .ok && TestApp.json(form)["name"] as? String == "Autumn 2026")
            #expect(try await call(.post, "collections?name=Winter", nil).status == .ok)

            let listed = try await call(.get, "collections", nil)
            let listJSON = try TestApp.json(listed)
            #expect(try Self.collections(listed).map { $0["name"] as? String } == ["Autumn 2026", "Spring", "Winter"])
            #expect(listJSON["total_count"] as? Int == 3 && listJSON["next_cursor"] is NSNull)
            let page = try TestApp.json(try await call(.get, "collections?max_results=2", nil))
            #expect((page["collections"] as? [[String: Any]])?.count == 2 && page["next_cursor"] as? String == "2")
            let rest = try TestApp.json(try await call(.get, "collections?max_results=2&next_cursor=2", nil))
            #expect((rest["collections"] as? [[String: Any]])?.first?["name"] as? String == "Winter" && rest["next_cursor"] is NSNull)
            #expect(try await call(.get, "collections?max_results=0", nil).status == .badRequest)

            let one = try TestApp.json(try await call(.get, "collections/\(springID)", nil))
            #expect(one["external_id"] as? String == springID && one["name"] as? String == "Spring")
            let renamed = try await call(.put, "collections/\(springID)", #"{"name": "Summer"}"#)
            #expect(try renamed.status == .ok && TestApp.json(renamed)["name"] as? String == "Summer")
            #expect(try TestApp.json(try await call(.get, "collections/\(springID)", nil))["name"] as? String == "Summer")

            let dup = try await call(.post, "collections", #"{"name": "summer"}"#)
            #expect(try dup.status == .conflict && TestApp.errorMessage(dup) == "Collection Summer already exists")
            #expect(try await call(.put, "collections/\(springID)", #"{"name": "WINTER"}"#).status == .conflict)
            let empty = try await call(.post, "collections", #"{"name": "  "}"#)
            #expect(try empty.status == .badRequest && TestApp.errorMessage(empty) == "name must not be empty")
            #expect(try await call(.post, "collections", "{}").status == .badRequest)
            #expect(try await call(.post, "collections", #"{"name": 5}"#).status == .badRequest)
            let missing = try await call(.get, "collections/cnope", nil)
            #expect(try missing.status == .notFound && TestApp.errorMessage(missing) == "Can't find collection cnope")

            let deleted = try await call(.delete, "collections/\(springID)", nil)
            #expect(try deleted.status == .ok && TestApp.json(deleted)["external_id"] as? String == springID)
            #expect(try await call(.get, "collections/\(springID)", nil).status == .notFound)
            #expect(try await call(.delete, "collections/\(springID)", nil).status == .notFound)
        }
    }

    @Test func keyWithoutRolesIsRefusedWithCloudinaryMessages() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await FolderHTTPTests.newKey(client, env: env, roles: [(Self.master, nil)])
            let id = try #require(try TestApp.json(
                try await FolderHTTPTests.call(client, .post, env, "collections", key: admin, body: #"{"name": "Brand"}"#))["external_id"] as? String)
            let nobody = try await FolderHTTPTests.newKey(client, env: env)
            let call = { (method: HTTPRequest.Method, path: String, body: String?) in
                try await FolderHTTPTests.call(client, method, env, path, key: nobody, body: body)
            }
            let list = try await call(.get, "collections", nil)
            #expect(try list.status == .ok && Self.collections(list).isEmpty)
            for (method, path, body, action) in [
                (HTTPRequest.Method.post, "collections", #"{"name": "Mine"}"#, "create"), (.get, "collections/\(id)", nil, "read"),
                (.put, "collections/\(id)", #"{"name": "X"}"#, "update"), (.delete, "collections/\(id)", nil, "delete"),
                (.get, "collection_operations/invite/\(id)", nil, "read"),
            ] {
                let r = try await call(method, path, body)
                #expect(r.status == .forbidden, "\(method) \(path)")
                #expect(try TestApp.errorMessage(r) == "[prodenv:\(env.id)] Request forbidden due to missing permissions (actions=[\"\(action)\"])")
            }
            // Credentials are the environment's.
            #expect(try await FolderHTTPTests.call(client, .get, env, "collections", key: Key(key: nobody.key, secret: "nope")).status == .unauthorized)
            #expect(try await client.execute(uri: "/v1_1/\(env.cloudName)/collections", method: .get, headers: TestApp.auth).status == .unauthorized)
        }
    }

    @Test func collectionRolesThroughInvite() async throws {
        let app = try await TestApp()
        let env = try await FolderHTTPTests.environment(app)
        try await app.app.test(.router) { client in
            let (admin, call) = try await Self.masterAdmin(client, env: env)
            let id = try #require(try TestApp.json(try await call(.post, "collections", #"{"name": "Brand"}"#))["external_id"] as? String)
            let user = try await Self.newUser(client)
            let give = #"{"principal": {"type": "user", "id": "\#(user)"}, "operation": "add", "roles": ["\#(Self.editor)"]}"#
            let ok = try await call(.post, "collection_operations/invite/\(id)", give)
            #expect(try ok.status == .ok && TestApp.json(ok)["success"] as? Bool == true)

            let listed = try TestApp.json(try await call(.get, "collection_operations/invite/\(id)?permitted_roles=true", nil))
            let shared = try #require(listed["shared_with"] as? [[String: Any]])
            #expect(shared.count == 1 && shared[0]["type"] as? String == "user" && shared[0]["id"] as? String == user)
            #expect(shared[0]["collection_id"] as? String == id && shared[0]["folder_id"] == nil)
            let role = try #require((shared[0]["roles"] as? [[String: Any]])?.first)
            #expect(role["id"] as? String == Self.editor && role["name"] as? String == "Editor" && role["inherited"] as? Bool == false)
            #expect((listed["permitted_roles"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                == [Self.viewer, Self.editor, "cld::role::collection::manager"])

            // The Permissions API shows the same holding, and a check on the collection now allows.
            let held = try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/principal_roles?principal_type=user&principal_id=\(user)&permission_type=content",
                method: .get, headers: TestApp.auth)
            let data = try #require(try TestApp.json(held)["data"] as? [[String: Any]])
            #expect(data.map { $0["id"] as? String } == [Self.editor])
            #expect((data[0]["policy_parameters"] as? [String: Any])?["collection_id"] as? String == id)
            let check = #"{"principal": {"type": "user", "id": "\#(user)"}, "action": "update", "scope_id": "\#(env.id)", "resource": {"type": "Collection", "id": "\#(id)", "attributes": {"id": "\#(id)"}}}"#
            let decided = try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/check", method: .post, headers: TestApp.auth, body: ByteBuffer(string: check))
            #expect((try TestApp.json(decided)["data"] as? [String: Any])?["decision"] as? String == "allow")

            // Bad requests: an API key (collection roles are for users and groups), a folder role, too many roles.
            let toKey = #"{"principal": {"type": "apiKey", "id": "\#(admin.key)"}, "operation": "add", "roles": ["\#(Self.viewer)"]}"#
            #expect(try await call(.post, "collection_operations/invite/\(id)", toKey).status == .badRequest)
            let folderRole = #"{"principal": {"type": "user", "id": "\#(user)"}, "operation": "add", "roles": ["cld::role::folder::viewer"]}"#
            let refused = try await call(.post, "collection_operations/invite/\(id)", folderRole)
            #expect(try refused.status == .badRequest && TestApp.errorMessage(refused).contains("is not a collection role"))
            let many = #"{"principal": {"type": "user", "id": "\#(user)"}, "operation": "add", "roles": [\#(Array(repeating: "\"\(Self.viewer)\"", count: 11).joined(separator: ","))]}"#
            #expect(try await call(.post, "collection_operations/invite/\(id)", many).status == .badRequest)
            #expect(try await call(.get, "collection_operations/invite/cnope", nil).status == .notFound)
            // A key that may not share is refused.
            let nobody = try await FolderHTTPTests.newKey(client, env: env)
            let denied = try await FolderHTTPTests.call(client, .post, env, "collection_operations/invite/\(id)", key: nobody, body: give)
            #expect(try denied.status == .forbidden && TestApp.errorMessage(denied).contains(#"actions=["share"]"#))

            // Deleting the collection takes the holding with it.
            #expect(try await call(.delete, "collections/\(id)", nil).status == .ok)
            let after = try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/principal_roles?principal_type=user&principal_id=\(user)&permission_type=content",
                method: .get, headers: TestApp.auth)
            #expect(try (TestApp.json(after)["data"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
