import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v2/accounts/{account_id}/audit/events`: pages, filters, exports, bad input and who may read it.
@Suite struct AuditHTTPTests {
    static let events = "/v2/accounts/\(TestApp.account)/audit/events"

    /// Creates `count` groups through the API; each is one `group.create` event. Returns their ids.
    static func createGroups(_ count: Int, client: some TestClientProtocol, prefix: String = "G") async throws -> [String] {
        var ids: [String] = []
        for i in 0..<count {
            let id = try await client.execute(
                uri: TestApp.path("user_groups"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: #"{"name": "\#(prefix)\#(i)"}"#)
            ) { response in
                #expect(response.status == .ok)
                return try #require(try TestApp.json(response)["id"] as? String)
            }
            ids.append(id)
        }
        return ids
    }

    /// The page's events and its `next_cursor` (nil when the key is absent, as on the last page).
    static func page(_ query: String, client: some TestClientProtocol, headers: HTTPFields = TestApp.auth) async throws
        -> (events: [[String: Any]], next: String?)
    {
        try await client.execute(uri: events + query, method: .get, headers: headers) { response in
            #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
            let body = try TestApp.json(response)
            let data = try #require(body["data"] as? [[String: Any]])
            #expect(body["next_cursor"] == nil || body["next_cursor"] is String)
            return (data, body["next_cursor"] as? String)
        }
    }

    static func sequences(_ events: [[String: Any]]) -> [Int] { events.compactMap { $0["sequence"] as? Int } }

    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }

    @Test func pagesWalkTheWholeLogNewestFirstWithoutGapsOrRepeats() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            _ = try await Self.createGroups(7, client: client)
            let all = try await Self.page("?max_results=500", client: client)
            #expect(all.next == nil)
            let expected = Self.sequences(all.events)
            #expect(expected.count >= 7 && expected == expected.sorted(by: >))
            #expect(all.events.first?["action"] as? String == "group.create")

            var seen: [Int] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await Self.page("?max_results=3" + (cursor.map { "&cursor=" + Self.encoded($0) } ?? ""), client: client)
                #expect(page.events.count == 3 || page.next == nil)
                seen += Self.sequences(page.events)
                cursor = page.next
                pages += 1
            } while cursor != nil && pages < 100
            #expect(seen == expected)
            #expect(pages == (expected.count + 2) / 3)

            // The default page is 100 events; each event is the wire format.
            let first = try await Self.page("", client: client)
            #expect(Self.sequences(first.events) == Array(expected.prefix(100)))
            let event = try #require(first.events.first)
            for key in ["id", "sequence", "time", "actor", "action", "target", "before", "after", "outcome", "request_id", "client_ip",
                        "user_agent", "previous_hash", "hash"] {
                #expect(event.keys.contains(key), "event has no \(key)")
            }
            let actor = try #require(event["actor"] as? [String: Any])
            #expect(actor["type"] as? String == "provisioning_key" && actor["id"] as? String == TestApp.key)
        }
    }

    @Test func aCursorKeepsItsPlaceWhenNewerEventsArrive() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            _ = try await Self.createGroups(4, client: client)
            let first = try await Self.page("?max_results=2", client: client)
            let cursor = try #require(first.next)
            let second = try await Self.page("?max_results=2&cursor=\(Self.encoded(cursor))", client: client)
            _ = try await Self.createGroups(3, client: client, prefix: "Later")
            let again = try await Self.page("?max_results=2&cursor=\(Self.encoded(cursor))", client: client)
            #expect(Self.sequences(again.events) == Self.sequences(second.events))
            #expect(Self.sequences(second.events).allSatisfy { $0 < Self.sequences(first.events).last! })
        }
    }

    @Test func eachFilterSelectsItsEvents() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let groups = try await Self.createGroups(2, client: client)
            try await client.execute(
                uri: TestApp.path("user_groups/\(groups[0])"), method: .put, headers: TestApp.auth, body: ByteBuffer(string: #"{"name": "Renamed"}"#)
            ) { #expect($0.status == .ok) }
            // The operator's own write: actor `cli`.
            let other = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "other")

            let byTarget = try await Self.page("?target_id=\(groups[0])", client: client).events
            #expect(byTarget.map { $0["action"] as? String } == ["group.update", "group.create"])
            #expect(byTarget.allSatisfy { ($0["target"] as? [String: Any])?["id"] as? String == groups[0] })

            let byAction = try await Self.page("?action=group.create", client: client).events
            #expect(byAction.count == 2 && byAction.allSatisfy { $0["action"] as? String == "group.create" })

            let byKey = try await Self.page("?actor_id=\(TestApp.key)", client: client).events
            #expect(byKey.count >= 3 && byKey.allSatisfy { ($0["actor"] as? [String: Any])?["id"] as? String == TestApp.key })
            let byCLI = try await Self.page("?actor_id=cli&action=provisioning_key.create", client: client).events
            let cliTargets = byCLI.compactMap { ($0["target"] as? [String: Any])?["id"] as? String }
            #expect(cliTargets.contains(other.key))

            let combined = try await Self.page("?actor_id=\(TestApp.key)&action=group.update&outcome=success", client: client).events
            #expect(combined.count == 1)
            #expect(try await Self.page("?outcome=failure", client: client).events.isEmpty)
            let successes = try await Self.page("?outcome=success&max_results=500", client: client).events
            let everything = try await Self.page("?max_results=500", client: client).events
            #expect(successes.count == everything.count)

            // Times: a window around now holds everything, one in the past or the future nothing.
            let now = Date()
            let from = Self.encoded((now - 3600).formatted(.iso8601))
            let to = Self.encoded((now + 3600).formatted(.iso8601))
            #expect(try await Self.page("?from=\(from)&to=\(to)&max_results=500", client: client).events.count == everything.count)
            #expect(try await Self.page("?to=2001-01-01", client: client).events.isEmpty)
            #expect(try await Self.page("?from=\(to)", client: client).events.isEmpty)
            let newest = try #require(everything.first?["time"] as? String)
            let atNewest = try await Self.page("?from=\(Self.encoded(newest))", client: client).events
            #expect(atNewest.contains { $0["id"] as? String == everything.first?["id"] as? String })
        }
    }

    @Test(arguments: [
        ("max_results=0", "max_results"), ("max_results=501", "max_results"), ("max_results=abc", "max_results"),
        ("cursor=garbage", "cursor"), ("cursor=\(Data("offset:3".utf8).base64EncodedString())", "cursor"),
        ("outcome=maybe", "outcome"), ("from=yesterday", "from"), ("to=2026-13-01", "to"), ("from=2026-12-01&to=2026-11-30", "to"),
        ("format=xml", "format"), ("format=csv&outcome=maybe", "outcome"),
    ])
    func badInputIsA400InCloudinarysShape(query: String, field: String) async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            try await client.execute(uri: Self.events + "?" + query, method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .badRequest, "\(query) → \(response.status)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let message = try TestApp.errorMessage(response)
                #expect(message.hasPrefix(field), "\(query): \(message)")
            }
        }
    }

    @Test func onlyHoldersOfTheAuditPolicyMayRead() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            // Reports sees Cloudinary's account reports, not Gatehouse's audit log.
            let reports = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "reports")
            try await EnforcementTests.assign("cld::role::account::reports", to: reports.key, client: client)
            try await client.execute(uri: Self.events, method: .get, headers: EnforcementTests.basic(reports)) { response in
                #expect(response.status == .forbidden)
                let message = try TestApp.errorMessage(response)
                #expect(message.contains("missing permissions"))
            }
            try await client.execute(uri: Self.events + "?format=csv", method: .get, headers: EnforcementTests.basic(reports)) {
                #expect($0.status == .forbidden)
            }
            // A custom role with the audit policy alone is enough.
            let role = #"{"id": "auditor", "name": "Auditor", "scope_type": "account", "permission_type": "global", "#
                + #""system_policy_ids": ["\#(AuditLog.readPolicyID)"]}"#
            try await client.execute(
                uri: "/v2/accounts/\(TestApp.account)/permissions/roles", method: .post, headers: TestApp.auth, body: ByteBuffer(string: role)
            ) { #expect($0.status == .created) }
            try await EnforcementTests.assign("auditor", to: reports.key, client: client)
            let page = try await Self.page("", client: client, headers: EnforcementTests.basic(reports))
            #expect(!page.events.isEmpty)
            // Without credentials: 401.
            try await client.execute(uri: Self.events, method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func csvExportStreamsEveryMatchingEventAcrossPages() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            // More events than one export page (500), so the export is written in several pieces.
            _ = try await Self.createGroups(AuditLog.maxPage + 5, client: client)
            let all = try await app.services.audit.events(AuditQuery(accountID: TestApp.account, limit: AuditLog.maxPage))
            let total = all.count + (try await app.services.audit.events(
                AuditQuery(accountID: TestApp.account, beforeSequence: all.last?.sequence, limit: AuditLog.maxPage))).count
            #expect(total > AuditLog.maxPage)
            try await client.execute(uri: Self.events + "?format=csv", method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let text = String(buffer: response.body)
                let lines = text.components(separatedBy: "\r\n")
                #expect(lines.first == "id,time,actor_type,actor_id,action,target_type,target_id,outcome")
                #expect(lines.last == "")  // every record ends with CRLF
                let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
                #expect(rows.count == total)
                #expect(rows.allSatisfy { $0.count == 8 })
                #expect(rows.first.map { String($0[0]) } == all.first?.id)
                #expect(rows.first.map { Array($0[2...4]).map(String.init) } == ["provisioning_key", TestApp.key, "group.create"])
            }
            try await client.execute(uri: Self.events + "?format=csv&action=group.create&target_id=nobody", method: .get, headers: TestApp.auth) {
                #expect(String(buffer: $0.body) == "id,time,actor_type,actor_id,action,target_type,target_id,outcome\r\n")
            }
        }
    }

    @Test func jsonLinesExportIsTheFilteredLogOneEventALine() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let groups = try await Self.createGroups(3, client: client)
            let listed = try await Self.page("?action=group.create&max_results=500", client: client).events
            try await client.execute(uri: Self.events + "?format=jsonl&action=group.create", method: .get, headers: TestApp.auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.hasSuffix("\n"))
                let lines = text.split(separator: "\n")
                let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
                #expect(objects.map { $0["id"] as? String } == listed.map { $0["id"] as? String })
                #expect(objects.compactMap { ($0["target"] as? [String: Any])?["id"] as? String } == groups.reversed())
                #expect(objects.allSatisfy { $0["hash"] is String && $0["previous_hash"] is String })
            }
        }
    }
}
