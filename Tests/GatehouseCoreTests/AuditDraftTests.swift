import Foundation
import Testing

@testable import GatehouseCore

@Suite struct AuditDraftTests {
    /// Event ids are UUIDs version 7: later events sort after earlier ones, and no two are alike.
    @Test func idsAreTimeOrderedUUIDs() {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let ids = (0..<200).map { AuditDraft.timeOrderedID(at: start.addingTimeInterval(Double($0) / 100)) }
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        for id in ids {
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil, "\(id)")
        }
        #expect(ids[0].hasPrefix(String(format: "%08x", UInt32((Int64(1_780_000_000_000) >> 16) & 0xFFFF_FFFF))))
    }
}
