import Foundation
import GatehouseCore
import Testing

@Suite struct AuditEventIDTests {
    /// UUIDs version 7 that sort in the log's order and give back the sequence they were made for.
    @Test func idsAreTimeOrderedUUIDsCarryingTheirSequence() {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let sequences: [Int64] = [1, 2, 255, 256, 65_537, 1 << 40, (1 << 62) - 1]
        let ids = sequences.enumerated().map { AuditEventID.make(time: start.addingTimeInterval(Double($0.offset) / 100), sequence: $0.element) }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(ids.map(AuditEventID.sequence(of:)) == sequences)
        for id in ids {
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(id)")
        }
        // Two events in the same millisecond still sort by sequence.
        #expect(AuditEventID.make(time: start, sequence: 9) < AuditEventID.make(time: start, sequence: 10))
    }

    @Test func anythingElseCarriesNoSequence() {
        for id in ["", "e1", "nope", UUID().uuidString.lowercased(), "00000000-0000-7000-8000-000000000000", String(repeating: "x", count: 36)] {
            #expect(AuditEventID.sequence(of: id) == nil, "\(id)")
        }
    }
}
