import Foundation
import GatehouseCore
import Hummingbird
import Testing

@testable import GatehouseConsole

/// The Audit log page's parts without a browser: its filters as read from the address, the before/after table,
/// and the page over a real store (the browser tests in Tests/console/test_console_audit.py drive it in Chromium).
@Suite struct AuditLogPageTests {
    typealias F = ConsoleFixture

    private func filters(_ parameters: [String: String]) -> AuditLogFilters {
        AuditLogFilters(parameters, accountID: "acc1", pageSize: 51)
    }

    @Test func goodFiltersMakeTheQuery() throws {
        let read = filters([
            "actor": " u1 ", "target": "t1", "action": "group.member.add", "outcome": "failure", "from": "2026-11-01",
            "to": "2026-11-30T09:00:00Z", "before": "42",
        ])
        #expect(read.problems.isEmpty)
        let query = read.query
        #expect(query.accountID == "acc1" && query.limit == 51)
        #expect(query.actorID == "u1" && query.targetID == "t1" && query.action == "group.member.add" && query.outcome == .failure)
        #expect(query.from == Date(timeIntervalSince1970: 1_793_491_200))  // 2026-11-01T00:00:00Z
        #expect(query.to == Date(timeIntervalSince1970: 1_796_029_200))  // 2026-11-30T09:00:00Z
        #expect(query.beforeSequence == 42)
        // A day as `to` takes the whole day; the link carries every filter and the cursor.
        let day = filters(["to": "2026-11-30"]).query.to
        #expect(day.map(AuditEvent.milliseconds) == 1_796_083_199_999)  // 2026-11-30T23:59:59.999Z
        let link = "/console/audit?actor=u1&target=t1&action=group.member.add&outcome=failure&from=2026-11-01&to=2026-11-30T09%3A00%3A00Z"
        #expect(read.link(before: 7) == link + "&before=7")
        #expect(filters([:]).link(before: nil) == "/console/audit")
        #expect(!filters([:]).isFiltered && read.isFiltered)
    }

    @Test(arguments: [
        (["from": "2026-13-45"], "from"), (["from": "2026-02-30"], "from"), (["to": "yesterday"], "to"),
        (["from": "2026-06-02", "to": "2026-06-01"], "to"), (["to": "2026-11-30T25:00:00Z"], "to"),
        (["action": String(repeating: "user.", count: 50)], "action"), (["outcome": "maybe"], "outcome"), (["actor": String(repeating: "x", count: 201)], "actor"),
        (["target": "a\u{1}b"], "target"), (["before": "-3"], "before"), (["before": "x"], "before"),
    ])
    func badFiltersAreNamed(parameters: [String: String], field: String) {
        let read = filters(parameters)
        #expect(Array(read.problems.keys) == [field], "\(parameters)")
    }

    @Test func everyWrongFieldIsToldAtOnceAndTextIsKeptAsGiven() {
        let read = filters(["outcome": "maybe", "from": "soon", "to": "later", "action": "Not.An.Action <b>"])
        #expect(Set(read.problems.keys) == ["outcome", "from", "to"])
        #expect(read.problems["from"] == "soon is not a date: enter one as YYYY-MM-DD, or a time as 2026-11-30T09:00:00Z.")
        #expect(filters(["action": "Not.An.Action <b>"]).query.action == "Not.An.Action <b>")
    }

    @Test func theFeatureIsTheOneTheCatalogGrants() throws {
        #expect(ConsoleFeature.auditLogView.rawValue == AuditLog.readFeatureID)
        let catalog = try Catalog.bundled()
        let policy = try #require(catalog.policy(id: AuditLog.readPolicyID))
        #expect(policy.statement.contains(AuditLog.readFeatureID))
    }

    @Test func theDiffSetsOldAndNewSideBySide() {
        let update = AuditDiff(before: .object(["name": .string("Old")]), after: .object(["name": .string("New")]))
        #expect(update.rows.count == 1)
        #expect(update.rows[0].field == "name" && update.rows[0].before == "Old" && update.rows[0].after == "New" && update.rows[0].changed)

        let created = AuditDiff(before: nil, after: .object([
            "sub_account_ids": .array([.string("e1"), .string("e2")]), "enabled": .bool(true), "description": .null,
            "principal": .object(["type": .string("user"), "id": .string("u1")]),
        ]))
        #expect(created.rows.map(\.field) == ["description", "enabled", "principal", "sub_account_ids"])
        #expect(created.rows.allSatisfy { $0.before == nil && $0.changed })
        #expect(created.rows.map(\.after) == ["none", "true", #"{"id":"u1","type":"user"}"#, "e1, e2"])

        let deleted = AuditDiff(before: .object(["name": .string("Gone")]), after: nil)
        #expect(deleted.rows[0].after == nil && deleted.rows[0].before == "Gone")
        let values = deleted.values[0]
        #expect(values["noAfter"] as? Bool == true && values["before"] as? String == "Gone")

        // The same value on both sides is shown, not marked.
        let same = AuditDiff(before: .object(["a": .integer(1), "b": .integer(2)]), after: .object(["a": .integer(1), "b": .integer(3)]))
        #expect(same.rows.map(\.changed) == [false, true])
        #expect(AuditDiff(before: nil, after: nil).rows.isEmpty)
    }

    @Test func thePageListsOpensAndRefuses() async throws {
        let fixture = try await ConsoleFixture()
        _ = try await fixture.invite("audited@example.com", name: "Audited <Person>")
        try await fixture.test { browser in
            try await browser.signIn(F.ownerEmail, F.ownerPassword)
            let list = try await browser.get("/console/audit?action=user.create")
            #expect(list.status == .ok)
            #expect(list.body.contains("Audited &lt;Person&gt;") && !list.body.contains("Audited <Person>"))
            #expect(list.body.contains("Command line"))  // the fixture's invitation was made as the operator
            let link = try #require(list.body.components(separatedBy: "<td><a href=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) })
            let event = try await browser.get(link)
            #expect(event.status == .ok && event.body.contains("id=\"audit-diff\"") && event.body.contains("audited@example.com"))
            // Another account's or an unknown id: not found.
            #expect(try await browser.get("/console/audit/nope").status == .notFound)

            let bad = try await browser.get("/console/audit?outcome=maybe&from=2026-02-30")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("id=\"outcome-error\"") && bad.body.contains("id=\"from-error\"") && !bad.body.contains("audit-table"))
        }
    }
}
