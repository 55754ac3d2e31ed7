import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Rule 6 (paths compare as they are split) and rule 7 (permission before existence) on the Admin API
/// folder and collection routes.
@Suite struct FolderExistenceHTTPTests {
    typealias F = FolderHTTPTests

    /// Status and body, what a caller can tell two answers apart by.
    static func answer(_ r: TestResponse) -> String { "\(r.status.code) \(String(buffer: r.body))" }

    /// `x/` + U+0301 + `y` (percent-encoded in the URL): the slash splits it, so it is a child of `x`, in the
    /// listing, in the store and when `x` is renamed; `xz` and `x` + U+0301, byte neighbours of `x/`, are not.
    @Test func slashBeforeCombiningMarkIsAChildEverywhere() async throws {
        let app = try await TestApp()
        let env = try await F.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await F.newKey(client, env: env, roles: [(F.master, nil)])
            for path in ["x", "x/%CC%81y", "xz", "x%CC%81"] {
                #expect(try await F.call(client, .post, env, "folders/\(path)", key: admin).status == .ok, "create \(path)")
            }
            #expect(try F.paths(try await F.call(client, .get, env, "folders", key: admin)).sorted() == ["x", "xz", "x\u{301}"].sorted())
            #expect(try F.paths(try await F.call(client, .get, env, "folders/x", key: admin)) == ["x/\u{301}y"])
            #expect(try await F.call(client, .put, env, "folders/x", key: admin, body: #"{"to_folder": "w"}"#).status == .ok)
            #expect(try F.paths(try await F.call(client, .get, env, "folders/w", key: admin)) == ["w/\u{301}y"])
            #expect(try F.paths(try await F.call(client, .get, env, "folders", key: admin)).sorted() == ["w", "xz", "x\u{301}"].sorted())

            // A key with a role on `xz` alone cannot reach `x`'s subtree by the byte prefix either way.
            let xzID = try await app.store.read { try $0.folder(path: "xz", environmentID: env.id)?.externalID }
            let editor = try await F.newKey(client, env: env, roles: [("cld::role::folder::editor", try #require(xzID))])
            #expect(try await F.call(client, .put, env, "folders/xz", key: editor, body: #"{"to_folder": "xq"}"#).status == .ok)
            #expect(try F.paths(try await F.call(client, .get, env, "folders/w", key: admin)) == ["w/\u{301}y"])
        }
    }

    /// A key without roles gets the same answer for an existing folder as for a missing one, on every route.
    @Test func foldersAnswerTheSameWhetherOrNotTheyExist() async throws {
        let app = try await TestApp()
        let env = try await F.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await F.newKey(client, env: env, roles: [(F.master, nil)])
            let created = try TestApp.json(try await F.call(client, .post, env, "folders/Secret/Inner", key: admin))
            let innerID = try #require(created["external_id"] as? String)
            _ = try await F.call(client, .post, env, "folders/Open", key: admin)
            let nobody = try await F.newKey(client, env: env)
            let pairs: [(HTTPRequest.Method, String, String, String?)] = [
                (.post, "folders/Secret", "folders/Missing", nil),
                (.post, "folders/Secret/Inner", "folders/Secret/Nope", nil),
                (.get, "folders/Secret", "folders/Missing", nil),
                (.delete, "folders/Secret/Inner", "folders/Secret/Nope", nil),
                (.put, "folders/Secret/Inner", "folders/Secret/Nope", #"{"to_folder": "Secret/Other"}"#),
                (.put, "folders/Secret/Inner", "folders/Secret/Nope", #"{"to_folder": "Elsewhere/Inner"}"#),
                (.get, "folder_operations/invite/\(innerID)", "folder_operations/invite/0123456789abcdef", nil),
                (.post, "folder_operations/invite/\(innerID)", "folder_operations/invite/0123456789abcdef",
                 #"{"operation": "add", "principal": {"type": "apiKey", "id": "\#(nobody.key)"}, "roles": [{"id": "cld::role::folder::viewer"}]}"#),
            ]
            for (method, existing, missing, body) in pairs {
                let a = try await F.call(client, method, env, existing, key: nobody, body: body)
                let b = try await F.call(client, method, env, missing, key: nobody, body: body)
                #expect(a.status == .forbidden && Self.answer(a) == Self.answer(b), "\(method) \(existing) vs \(missing)")
            }
            // Renaming onto an existing folder the caller has no right at: 403 like any other destination, not 409.
            let openID = try await app.store.read { try $0.folder(path: "Open", environmentID: env.id)?.externalID }
            let openEditor = try await F.newKey(client, env: env, roles: [("cld::role::folder::manager", try #require(openID))])
            let onto = try await F.call(client, .put, env, "folders/Open", key: openEditor, body: #"{"to_folder": "Secret/Inner"}"#)
            let free = try await F.call(client, .put, env, "folders/Open", key: openEditor, body: #"{"to_folder": "Secret/Free"}"#)
            #expect(onto.status == .forbidden && Self.answer(onto) == Self.answer(free))
            // A caller allowed the operation still hears what is there.
            #expect(try await F.call(client, .post, env, "folders/Secret", key: admin).status == .conflict)
            #expect(try await F.call(client, .get, env, "folders/Missing", key: admin).status == .notFound)
            #expect(try await F.call(client, .delete, env, "folders/Missing", key: admin).status == .notFound)
            #expect(try await F.call(client, .get, env, "folder_operations/invite/0123456789abcdef", key: admin).status == .notFound)
        }
    }

    @Test func collectionsAnswerTheSameWhetherOrNotTheyExist() async throws {
        let app = try await TestApp()
        let env = try await F.environment(app)
        try await app.app.test(.router) { client in
            let admin = try await F.newKey(client, env: env, roles: [(F.master, nil)])
            let created = try TestApp.json(try await F.call(client, .post, env, "collections", key: admin, body: #"{"name": "Secret"}"#))
            let id = try #require(created["external_id"] as? String ?? created["id"] as? String)
            let nobody = try await F.newKey(client, env: env)
            let invite = #"{"operation": "add", "principal": {"type": "group", "id": "g1"}, "roles": [{"id": "cld::role::collection::viewer"}]}"#
            let pairs: [(HTTPRequest.Method, String, String?)] = [
                (.get, "collections/", nil), (.put, "collections/", #"{"name": "Renamed"}"#), (.delete, "collections/", nil),
                (.get, "collection_operations/invite/", nil), (.post, "collection_operations/invite/", invite),
            ]
            for (method, prefix, body) in pairs {
                let a = try await F.call(client, method, env, prefix + id, key: nobody, body: body)
                let b = try await F.call(client, method, env, prefix + "0123456789abcdef", key: nobody, body: body)
                #expect(a.status == .forbidden && Self.answer(a) == Self.answer(b), "\(method) \(prefix)")
            }
            #expect(try await F.call(client, .get, env, "collections/0123456789abcdef", key: admin).status == .notFound)
        }
    }
}
