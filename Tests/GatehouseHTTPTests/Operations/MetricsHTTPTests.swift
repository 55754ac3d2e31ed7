import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// `/metrics`: requests under their route pattern and status with latency histograms, decisions by who
/// asked and outcome, decision-cache hits and misses, store commits and pool waits, the mail queue; and none of it on a
/// server that was not asked for metrics.
@Suite struct MetricsHTTPTests {
    static let users = "/v1_1/provisioning/accounts/{account_id}/users"
    static let groups = "/v1_1/provisioning/accounts/{account_id}/user_groups"
    static let check = "/v2/accounts/{account_id}/permissions/check"

    static func scrape(_ client: some TestClientProtocol) async throws -> [PrometheusSample] {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return try PrometheusSample.parse(String(buffer: response.body))
        }
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: TestApp.auth, body: ByteBuffer(string: body))
    }

    @Test func aRequestShowsUnderItsRoutePatternAndStatusWithItsLatency() async throws {
        let app = try await OperationsApp()
        try await app.app.test(.router) { client in
            #expect(try await Self.post(client, TestApp.path("user_groups"), #"{"name": "Counted"}"#).status == .ok)
            #expect(try await client.execute(uri: TestApp.path("users/u-404"), method: .get, headers: TestApp.auth).status == .notFound)
            #expect(try await client.execute(uri: "/not/a/route/acc1", method: .delete).status == .notFound)
            #expect(try await client.execute(uri: "/health", method: .init("BREW")!).status == .notFound)
            let samples = try await Self.scrape(client)

            let created = ["method": "POST", "route": Self.groups, "status": "200"]
            #expect(samples.value("gatehouse_http_requests_total", created) == 1)
            #expect(samples.value("gatehouse_http_request_duration_seconds_count", created) == 1)
            #expect(samples.value("gatehouse_http_request_duration_seconds_sum", created) > 0)
            // Cumulative buckets, the last one (+Inf) holding the request.
            #expect(samples.value("gatehouse_http_request_duration_seconds_bucket", created.merging(["le": "+Inf"]) { a, _ in a }) == 1)
            #expect(samples.filter { $0.name == "gatehouse_http_request_duration_seconds_bucket" && $0.labels["route"] == Self.groups }.count >= 10)

            #expect(samples.value("gatehouse_http_requests_total", ["method": "GET", "route": "/v1_1/provisioning/accounts/{account_id}/users/{user_id}", "status": "404"]) == 1)
            #expect(samples.value("gatehouse_http_requests_total", ["method": "DELETE", "route": "NotFound", "status": "404"]) == 1)
            // A method no one knows is counted, under one label for all such methods.
            #expect(samples.value("gatehouse_http_requests_total", ["method": "other", "status": "404"]) == 1)
            // Raw paths never become labels: no account id, no unknown path.
            let labelValues = samples.flatMap { $0.labels.values }
            #expect(!labelValues.contains { $0.contains(TestApp.account) || $0.contains("u-404") || $0.contains("not/a/route") })
        }
    }

    @Test func decisionsCountByWhoAskedAndOutcome() async throws {
        let app = try await OperationsApp()
        let env = try await app.store.read { try $0.environments(EnvironmentQuery(accountID: TestApp.account)) }[0]
        try await app.app.test(.router) { client in
            let user = try await CollectionHTTPTests.newUser(client)
            let before = try await Self.scrape(client)
            let check = #"{"principal": {"type": "user", "id": "\#(user)"}, "action": "update", "scope_id": "\#(env.id)", "resource": \#(CheckHTTPTests.asset(["f1"]))}"#
            let answer = try await Self.post(client, "/v2/accounts/\(TestApp.account)/permissions/check", check)
            #expect(try TestApp.json(answer)["data"].flatMap { ($0 as? [String: Any])?["decision"] as? String } == "deny")
            let batch = #"{"checks": [\#(check), \#(check)]}"#
            #expect(try await Self.post(client, "/v2/accounts/\(TestApp.account)/permissions/check", batch).status == .ok)
            let after = try await Self.scrape(client)

            func delta(_ labels: [String: String]) -> Double {
                after.value("gatehouse_decisions_total", labels) - before.value("gatehouse_decisions_total", labels)
            }
            // One single check and a batch of two, all denied; each call was itself allowed by enforcement.
            #expect(delta(["source": "check", "outcome": "deny"]) == 3)
            #expect(delta(["source": "check", "outcome": "allow"]) == 0)
            #expect(delta(["source": "enforcement", "outcome": "allow"]) == 2)
            #expect(delta(["source": "enforcement", "outcome": "deny"]) == 0)
        }
    }

    @Test func enforcementDenialsCountAsDeny() async throws {
        let app = try await OperationsApp()
        // An account key holding no role may not list users.
        let key = try await app.services.accounts.acting(as: .local).createProvisioningKey(accountID: TestApp.account, name: "no role")
        try await app.app.test(.router) { client in
            let before = try await Self.scrape(client)
            #expect(try await client.execute(uri: TestApp.path("users"), method: .get, headers: EnforcementTests.basic(key)).status == .forbidden)
            let after = try await Self.scrape(client)
            let denied = ["source": "enforcement", "outcome": "deny"]
            #expect(after.value("gatehouse_decisions_total", denied) - before.value("gatehouse_decisions_total", denied) == 1)
            #expect(after.value("gatehouse_http_requests_total", ["route": Self.users, "status": "403"]) == 1)
        }
    }

    @Test func theDecisionCacheMissesAfterAWriteThenHits() async throws {
        let app = try await OperationsApp()
        try await app.app.test(.router) { client in
            #expect(try await Self.post(client, TestApp.path("user_groups"), #"{"name": "Invalidate"}"#).status == .ok)
            let a = try await Self.scrape(client)
            #expect(try await client.execute(uri: TestApp.path("users"), method: .get, headers: TestApp.auth).status == .ok)
            let b = try await Self.scrape(client)
            #expect(try await client.execute(uri: TestApp.path("users"), method: .get, headers: TestApp.auth).status == .ok)
            let c = try await Self.scrape(client)
            let name = "gatehouse_decision_cache_lookups_total"
            let decisionMiss = ["table": "decision", "result": "miss"], decisionHit = ["table": "decision", "result": "hit"]
            // The write moved the store's generation: the first call decides afresh…
            #expect(b.value(name, decisionMiss) - a.value(name, decisionMiss) == 1)
            #expect(b.value(name, decisionHit) - a.value(name, decisionHit) == 0)
            // …and the same call again is answered from the cache.
            #expect(c.value(name, decisionHit) - b.value(name, decisionHit) == 1)
            #expect(c.value(name, decisionMiss) - b.value(name, decisionMiss) == 0)
            #expect(c.value(name, ["table": "grants"]) > 0)
        }
    }

    @Test func storeCommitsAndTheMailQueueShow() async throws {
        let app = try await OperationsApp()
        try await app.app.test(.router) { client in
            let before = try await Self.scrape(client)
            _ = try await CollectionHTTPTests.newUser(client)  // queues an invitation
            let after = try await Self.scrape(client)
            #expect(after.value("gatehouse_store_commit_duration_seconds_count") - before.value("gatehouse_store_commit_duration_seconds_count") >= 1)
            #expect(after.value("gatehouse_store_commit_duration_seconds_sum") > before.value("gatehouse_store_commit_duration_seconds_sum"))
            #expect(after.value("gatehouse_store_commit_batch_writes_sum") - before.value("gatehouse_store_commit_batch_writes_sum") >= 1)
            let queued = try await app.store.read { db in try db.queuedMailCount() }
            #expect(queued >= 1)
            #expect(after.value("gatehouse_mail_queue_depth_messages") == Double(queued))
        }
    }

    @Test func aRequestsStoreReadsAndWritesShowTheirPoolWaits() async throws {
        let app = try await OperationsApp()
        try await app.app.test(.router) { client in
            let before = try await Self.scrape(client)
            _ = try await CollectionHTTPTests.newUser(client)  // reads (authentication, the rules' checks), then writes
            let after = try await Self.scrape(client)
            let name = "gatehouse_store_pool_wait_seconds"
            for pool in ["read", "write"] {
                let labels = ["pool": pool]
                #expect(after.value(name + "_count", labels) - before.value(name + "_count", labels) >= 1, "pool \(pool)")
                #expect(after.value(name + "_sum", labels) > before.value(name + "_sum", labels), "pool \(pool)")
                // Every wait falls in the +Inf bucket; the finest bucket is 10 µs.
                #expect(after.value(name + "_bucket", ["pool": pool, "le": "+Inf"]) == after.value(name + "_count", labels))
                #expect(after.filter { $0.name == name + "_bucket" && $0.labels["pool"] == pool }.count == 19)
                #expect(after.contains { $0.name == name + "_bucket" && $0.labels["pool"] == pool && $0.labels["le"] == "0.00001" })
            }
            // No other pool label.
            #expect(Set(after.filter { $0.name.hasPrefix(name) }.compactMap { $0.labels["pool"] }) == ["read", "write"])
        }
    }

    @Test func aServerNotAskedForMetricsShowsNone() async throws {
        try await TestApp().app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(!String(buffer: response.body).contains("gatehouse_"))
            }
        }
    }
}
