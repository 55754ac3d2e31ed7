import Foundation
import GatehouseCore
import Testing

/// The pieces `GET …/audit/events` and `gatehouse audit list|export` share: filter checking and export lines.
@Suite struct AuditExportTests {
    static func event(id: String = "e1", targetID: String = "u1", actorName: String? = "Ann") -> AuditEvent {
        AuditEvent(
            id: id, sequence: 7, time: Date(timeIntervalSince1970: 1_764_504_000.25), accountID: "acc1",
            actor: AuditActor(type: .provisioningKey, id: "123", name: actorName, authentication: "basic"), action: "user.create",
            target: AuditTarget(type: "user", id: targetID, name: "Bob"), before: nil, after: .object(["name": .string("Bob")]),
            outcome: .success, requestID: "r1", clientIP: "127.0.0.1", userAgent: "ua", previousHash: "00", hash: "11")
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(CSVRecord.line(["a", "b c", ""]) == "a,b c,\r\n")
        #expect(CSVRecord.line(["a,b", #"say "hi""#, "two\nlines", "cr\r\nlf"]) == "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\nlf\"\r\n")
    }

    /// The email typed at a failed sign-in reaches the export as it was typed: no spreadsheet runs it.
    @Test func csvDisarmsWhatASpreadsheetWouldRunAsAFormula() {
        #expect(CSVRecord.line(["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx"])
            == "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1),'\tx\r\n")
        #expect(CSVRecord.line(["user.create", "2026-11-30T12:00:00.000Z", "a0b1"]) == "user.create,2026-11-30T12:00:00.000Z,a0b1\r\n")
    }

    @Test func csvHasTheIssuesColumnsAndOneRowPerEvent() {
        #expect(AuditExportFormat.csv.header == "id,time,actor_type,actor_id,action,target_type,target_id,outcome\r\n")
        let row = AuditExportFormat.csv.line(Self.event(targetID: "odd,\"id\""))
        #expect(row == "e1,2025-11-30T12:00:00.250Z,provisioning_key,123,user.create,user,\"odd,\"\"id\"\"\",success\r\n")
    }

    @Test func jsonLinesAreTheWireEventOneALine() throws {
        let line = AuditExportFormat.jsonl.line(Self.event())
        #expect(AuditExportFormat.jsonl.header.isEmpty)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        #expect(parsed == Self.event().jsonValue)
    }

    @Test func filtersBecomeAQuery() throws {
        let q = try AuditFilterInput(
            actorID: "k", targetID: "t", action: "user.update", outcome: "failure", from: "2026-11-30T12:00:00.500+01:00", to: "2026-11-30"
        ).query(accountID: "acc1", limit: 5)
        #expect(q.accountID == "acc1" && q.actorID == "k" && q.targetID == "t" && q.action == "user.update" && q.outcome == .failure)
        #expect(q.limit == 5 && q.beforeSequence == nil)
        #expect(q.from.map(AuditEvent.milliseconds) == 1_796_036_400_500)
        // A day as `to` covers the whole day, to its last millisecond.
        #expect(q.to.map(AuditEvent.milliseconds) == 1_796_083_199_999)
        let day = try AuditFilterInput(from: "2026-11-30").query(accountID: "a")
        #expect(day.from.map(AuditEvent.milliseconds) == 1_795_996_800_000)
        #expect(try AuditFilterInput().query(accountID: "a") == AuditQuery(accountID: "a"))
    }

    @Test(arguments: [
        (AuditFilterInput(outcome: "maybe"), "outcome must be success or failure, got maybe"),
        (AuditFilterInput(from: "yesterday"), "from must be an ISO 8601 time"),
        (AuditFilterInput(to: "2026-13-01"), "to must be an ISO 8601 time"),
        (AuditFilterInput(from: "2026-11-30T12:00"), "from must be an ISO 8601 time"),
        (AuditFilterInput(to: "2026-02-31T12:00:00Z"), "to must be an ISO 8601 time"),
        (AuditFilterInput(to: "2026-11-30T25:00:00Z"), "to must be an ISO 8601 time"),
        (AuditFilterInput(to: "2026-11-30T12:00:00+25:00"), "to must be an ISO 8601 time"),
        (AuditFilterInput(from: "2026-11-30T12:00:00"), "from must be an ISO 8601 time"),
        (AuditFilterInput(from: "2026-12-01", to: "2026-11-30"), "to must not be before from"),
    ])
    func badFiltersAreRefusedByName(input: AuditFilterInput, message: String) {
        #expect {
            try input.query(accountID: "a")
        } throws: { error in
            (error as? GatehouseError)?.description.hasPrefix(message) == true
        }
    }
}
