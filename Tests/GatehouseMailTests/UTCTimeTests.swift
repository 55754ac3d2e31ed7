import Foundation
import Testing

@testable import GatehouseMail

/// `UTCTime` replaced a `DateFormatter` per message: it must print what the formatter printed, for any moment.
struct UTCTimeTests {
    static func formatted(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }

    @Test func printsWhatTheFormatterPrintsFromTheGregorianCalendarToYear9999() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        // From 1600 (DateFormatter turns Julian before 1582; mail is dated now) to the end of year 9999.
        var moments: [Double] = [0, -1, -0.001, 86_399.999, 951_782_400, 4_107_542_400, -11_676_096_000, 253_402_300_799.999]
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            moments.append(Double(Int64(bitPattern: state >> 1) % 265_000_000_000_000) / 1000 - 11_676_096_000)
        }
        for seconds in moments {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTime(date).rfc5322 == Self.formatted(date, "EEE, dd MMM yyyy HH:mm:ss '+0000'"), "\(seconds)")
            #expect(UTCTime(date).compact == Self.formatted(date, "yyyyMMdd'T'HHmmss.SSS'Z'"), "\(seconds)")
        }
    }
}
