import Foundation
import GatehouseCore
import Testing

@Suite struct SeatPolicyTests {
    @Test func limitIsPlanPlusAdditionalSubscriptions() {
        let account = Account(id: "a", name: "A", planUserLimit: 10, additionalUserSubscriptions: 7, createdAt: Date())
        #expect(SeatPolicy.limit(of: account) == 17)
    }

    @Test func additionalSubscriptionsAreBoundedToTwenty() throws {
        try SeatPolicy.validate(planUserLimit: 3, additionalUserSubscriptions: 0)
        try SeatPolicy.validate(planUserLimit: 3, additionalUserSubscriptions: 20)
        #expect(throws: GatehouseError.self) { try SeatPolicy.validate(planUserLimit: 3, additionalUserSubscriptions: 21) }
        #expect(throws: GatehouseError.self) { try SeatPolicy.validate(planUserLimit: 3, additionalUserSubscriptions: -1) }
        #expect(throws: GatehouseError.self) { try SeatPolicy.validate(planUserLimit: 0, additionalUserSubscriptions: 0) }
    }
}
