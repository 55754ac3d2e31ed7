import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

/// `/scim/v2` in process: a token's calls land on the Provisioning API's users and groups, with the token's
/// roles deciding (Cedar), the guard holding what it may give, and the audit log naming it.
@Suite struct SCIMHTTPTests {
    struct World {
        let app: TestApp
        let token: SCIMTokenCreated

        init() async throws {
            app = try await TestApp()
            token = try await app.accounts.createSCIMToken(name: "okta", accountID: TestApp.account)
        }

        var headers: HTTPFields { [.authorization: "Bearer \(token.token)", .contentType: "application/scim+json"] }

        func call(
            _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, headers extra: HTTPFields = [:], _ client: some TestClientProtocol
        ) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
            var headers = headers
            headers.append(contentsOf: extra)
            return try await client.execute(uri: "/scim/v2" + path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
                response in
                let bytes = Array(response.body.readableBytesView)
                let json = bytes.isEmpty ? JSONValue.null : (try? JSONValue(parsing: bytes)) ?? .string(String(decoding: bytes, as: UTF8.self))
                return (response.status, json, response.headers)
            }
        }

        func call(_ method: HTTPRequest.Method, _ path: String, _ client: some TestClientProtocol) async throws -> (HTTPResponse.Status, JSONValue, HTTPFields) {
            try await call(method, path, nil, client)
        }

        func user(_ id: String) async throws -> User? {
            try await app.services.store.read { db in try db.user(id: id, accountID: TestApp.account) }
        }
    }

    static func userBody(_ userName: String, email: String? = nil, extra: String = "") -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"\#(email ?? userName)","type":"work","primary":true}]\#(extra)}"#
    }

    @Test func aCreatedUserIsAProvisioningUserWithItsProfileAndAnInvitation() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let (status, created, headers) = try await w.call(.post, "/Users", Self.userBody("ada@example.com", extra: #","externalId":"00u1","title":"Countess""#), client)
            #expect(status == .created, "\(created)")
            let id = try #require(created.scimMember("id")?.stringValue)
            #expect(headers[.eTag] == created.scimMember("meta")?.scimMember("version")?.stringValue)
            #expect(headers[.location] == "http://gatehouse.test/scim/v2/Users/\(id)")
            let user = try #require(try await w.user(id))
            #expect(user.email == "ada@example.com" && user.name == "Ada Lovelace" && user.status == .pending && user.enabled)
            #expect(created.scimMember("externalId") == .string("00u1") && created.scimMember("title") == .string("Countess"))
            let mail = try await w.app.store.write { db in try db.dueMail(at: .distantFuture, limit: 50) }
            #expect(mail.contains { $0.mail.to == "ada@example.com" })
            // Same userName in another case, then the same email under another userName: both taken.
            let (again, error, _) = try await w.call(.post, "/Users", Self.userBody("ADA@example.com"), client)
            #expect(again == .conflict && error.scimMember("scimType") == .string("uniqueness"))
            let (dup, _, _) = try await w.call(.post, "/Users", Self.userBody("ada2", email: "ada@example.com"), client)
            #expect(dup == .conflict)
            let (_, found, _) = try await w.call(.get, "/Users?filter=" + "userName eq \"ADA@EXAMPLE.COM\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, client)
            #expect(found.scimMember("totalResults") == .integer(1))
        }
    }

    @Test func suspendingEndsSessionsAndDeletingIsTheProvisioningDelete() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let (_, created, _) = try await w.call(.post, "/Users", Self.userBody("bo@example.com"), client)
            let id = try #require(created.scimMember("id")?.stringValue)
            let now = Date()
            try await w.app.store.write { db in
                try db.insert(StoredSession(
                    idHash: "h1", userID: id, accountID: TestApp.account, createdAt: now, lastSeenAt: now, expiresAt: now + 3600, address: nil,
                    userAgent: nil))
            }
            // Entra's shape: a capitalised op and a string boolean.
            let entra = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}"#
            let (status, patched, _) = try await w.call(.patch, "/Users/\(id)", entra, client)
            #expect(status == .ok && patched.scimMember("active") == .bool(false))
            #expect(try await w.user(id)?.enabled == false)
            #expect(try await w.app.services.store.read { db in try db.sessions(userID: id) }.isEmpty)
            // Okta's shape: a path-less replace.
            let okta = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#
            _ = try await w.call(.patch, "/Users/\(id)", okta, client)
            #expect(try await w.user(id)?.enabled == true)
            let seats = { try await w.app.services.store.read { db in try db.seatsUsed(accountID: TestApp.account) } }
            let before = try await seats()
            let (deleted, _, _) = try await w.call(.delete, "/Users/\(id)", client)
            #expect(deleted == .noContent)
            #expect(try await w.user(id)?.status == .inactive)
            #expect(try await seats() == before - 1)
            let (gone, _, _) = try await w.call(.get, "/Users/\(id)", client)
            #expect(gone == .notFound)
            // The userName and the email are free again.
            let (reused, _, _) = try await w.call(.post, "/Users", Self.userBody("bo@example.com"), client)
            #expect(reused == .created)
        }
    }

    @Test func ifMatchRefusesAStaleVersion() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let (_, created, headers) = try await w.call(.post, "/Users", Self.userBody("cy@example.com"), client)
            let id = try #require(created.scimMember("id")?.stringValue)
            let etag = try #require(headers[.eTag])
            let rename = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Cy"}]}"#
            let (first, _, _) = try await w.call(.patch, "/Users/\(id)", rename.replacingOccurrences(of: "\"Cy\"", with: "\"Cy One\""), headers: [.ifMatch: etag], client)
            #expect(first == .ok)
            let (stale, error, _) = try await w.call(.patch, "/Users/\(id)", rename, headers: [.ifMatch: etag], client)
            #expect(stale == .preconditionFailed && error.scimMember("status") == .string("412"))
            #expect(try await w.user(id)?.name == "Cy One")
        }
    }

    @Test func aTokenGivesOnlyWhatItHoldsAndEventsNameIt() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let ext = #","urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User":{"roles":"ACCOUNT::cld::role::account::master_admin"}"#
            let (status, _, _) = try await w.call(.post, "/Users", Self.userBody("eve@example.com", extra: ext), client)
            #expect(status == .forbidden)
            let users = try await w.app.services.provisioning.users(UserQuery(accountID: TestApp.account))
            #expect(!users.contains { $0.email == "eve@example.com" })
            let (plain, made, _) = try await w.call(.post, "/Users", Self.userBody("gus@example.com"), client)
            #expect(plain == .created)
            // Once the token holds account Master Admin, the extension's roles and environments are given (source scim).
            try await w.app.services.permissions.acting(as: .local).changeAssignments(
                [RoleGrantRequest(roleID: "cld::role::account::master_admin", principal: Principal(type: .provisioningKey, id: w.token.key.key),
                                  scopeID: nil, parameters: [:])],
                operation: .add, accountID: TestApp.account)
            let admin = ext.replacingOccurrences(of: "master_admin", with: "admin")
            let (given, fay, _) = try await w.call(.post, "/Users", Self.userBody("fay@example.com", extra: admin), client)
            #expect(given == .created, "\(fay)")
            let fayID = try #require(fay.scimMember("id")?.stringValue)
            let held = try await w.app.services.store.read { db in
                try db.assignments(accountID: TestApp.account, roleID: nil, principal: Principal(type: .user, id: fayID))
            }
            #expect(held.contains { $0.roleID == "cld::role::account::admin" && $0.source == .scim })
            let id = try #require(made.scimMember("id")?.stringValue)
            let events = try await w.app.services.audit.events(AuditQuery(accountID: TestApp.account, targetID: id, limit: 20))
            #expect(events.contains { $0.action == "user.create" && $0.actor.type == .scim && $0.actor.id == w.token.key.key })
        }
    }

    @Test func aTokenOpensOnlyTheSCIMDoorAndRevokedItOpensNothing() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let parts = w.token.token.split(separator: ".")
            let basic = "Basic " + Data("\(parts[0]):\(parts[1])".utf8).base64EncodedString()
            try await client.execute(uri: TestApp.path("users"), method: .get, headers: [.authorization: basic]) { #expect($0.status == .unauthorized) }
            let (ok, config, _) = try await w.call(.get, "/ServiceProviderConfig", client)
            #expect(ok == .ok && config.scimMember("patch")?.scimMember("supported") == .bool(true))
            try await w.app.accounts.revokeSCIMToken(named: "okta", accountID: TestApp.account)
            let (revoked, error, headers) = try await w.call(.get, "/Users", client)
            #expect(revoked == .unauthorized && error.scimMember("status") == .string("401"))
            #expect(headers[.contentType]?.hasPrefix("application/scim+json") == true)
            let (bad, _, _) = try await client.execute(uri: "/scim/v2/Users", method: .get, headers: [.authorization: "Bearer nope"]) {
                ($0.status, 0, 0)
            }
            #expect(bad == .unauthorized)
        }
    }

    @Test func groupsAreTheProvisioningAPIsUserGroups() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let (_, a, _) = try await w.call(.post, "/Users", Self.userBody("a@example.com"), client)
            let (_, b, _) = try await w.call(.post, "/Users", Self.userBody("b@example.com"), client)
            let ida = try #require(a.scimMember("id")?.stringValue), idb = try #require(b.scimMember("id")?.stringValue)
            let (status, group, _) = try await w.call(.post, "/Groups", #"{"displayName":"Editors","externalId":"g1","members":[{"value":"\#(ida)"}]}"#, client)
            #expect(status == .created)
            let gid = try #require(group.scimMember("id")?.stringValue)
            let add = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(idb)"}]},{"op":"remove","path":"members[value eq \"\#(ida)\"]"}]}"#
            let (patched, _, _) = try await w.call(.patch, "/Groups/\(gid)", add, client)
            #expect(patched == .ok)
            let (found, members) = try await w.app.services.provisioning.group(id: gid, accountID: TestApp.account)
            #expect(found.name == "Editors" && members.map(\.id) == [idb])
            let (_, user, _) = try await w.call(.get, "/Users/\(idb)", client)
            #expect(user.scimMember("groups")?.arrayValue?.first?.scimMember("value") == .string(gid))
            let (bad, error, _) = try await w.call(.post, "/Groups", #"{"displayName":"X","members":[{"value":"nobody"}]}"#, client)
            #expect(bad == .badRequest && error.scimMember("scimType") == .string("invalidValue"))
            #expect(try await w.app.services.provisioning.groups(accountID: TestApp.account).map(\.name) == ["Editors"])
        }
    }

    /// String filters are narrowed by the store (the user's email and name, the stored profile) and still find a
    /// user by any of its emails, in any case, and by profile attributes.
    @Test func narrowedFiltersStillFindTheirUser() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            let body = #"{"userName":"dee","externalId":"dee-42","displayName":"Dee Dawson","name":{"familyName":"Dawson"},"emails":[{"value":"dee@work.example.com","primary":true},{"value":"Dee.Home@home.example.org","type":"home"}]}"#
            let (_, created, _) = try await w.call(.post, "/Users", body, client)
            let id = try #require(created.scimMember("id")?.stringValue)
            _ = try await w.call(.post, "/Users", Self.userBody("other@work.example.com"), client)
            for filter in [#"externalId eq "dee-42""#, #"displayName sw "Dee D""#, #"name.familyName eq "Dawson""#, #"emails.value co "dee.home""#, #"emails eq "dee.home@home.example.org""#, #"emails co "WORK.example" and userName eq "dee""#,
                           #"emails.value ew ".org""#, #"emails sw "Dee@""#] {
                let (status, found, _) = try await w.call(.get, "/Users?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, client)
                #expect(status == .ok)
                #expect(found.scimMember("Resources")?.arrayValue?.compactMap { $0.scimMember("id")?.stringValue } == [id], "\(filter)")
            }
        }
    }

    @Test func badInputIsA400InSCIMsShape() async throws {
        let w = try await World()
        try await w.app.app.test(.router) { client in
            for (method, path, body) in [
                (HTTPRequest.Method.post, "/Users", "{not json"), (.post, "/Users", #"{"userName":"x","emails":[{"value":"x@y.z"}],"shoeSize":1}"#),
                (.post, "/Users", #"{"userName":"x"}"#), (.get, "/Users?filter=userName%20zz%20%22x%22", nil),
                (.post, "/Users", #"{"userName":"x","emails":[{"value":"x@y.z"}],"password":"hunter2"}"#),
            ] as [(HTTPRequest.Method, String, String?)] {
                let (status, error, _) = try await w.call(method, path, body, client)
                #expect(status == .badRequest, "\(method) \(path) \(body ?? "")")
                #expect(error.scimMember("schemas") == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]))
            }
        }
    }
}
