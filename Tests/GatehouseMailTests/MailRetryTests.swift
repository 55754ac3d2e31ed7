import GatehouseCore
import Testing

@Suite struct MailRetryTests {
    @Test func backsOffExponentiallyUpToAMinute() {
        #expect((1...8).map { MailRetry.delay(afterFailedAttempts: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(MailRetry.delay(afterFailedAttempts: 10_000) == 60)
    }

    @Test func keepsErrorsShortAndOnOneLine() {
        let error = MailRetry.shortError("line one\r\nline two " + String(repeating: "x", count: 1000))
        #expect(!error.contains("\n") && !error.contains("\r") && error.count == 300)
    }
}
