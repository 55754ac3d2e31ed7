import Foundation

/// A moment's calendar fields in UTC, worked out from the epoch seconds: mail stamps every message with
/// its date, and making a `DateFormatter` per message cost more than encoding the rest of it.
struct UTCTime {
    var year: Int
    var month: Int
    var day: Int
    var weekday: Int  // 0 = Sunday
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int

    init(_ date: Date) {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())  // to the nearest, as DateFormatter does
        let (days, inDay) = Self.floorDivision(milliseconds, 86_400_000)
        millisecond = inDay % 1000
        second = inDay / 1000 % 60
        minute = inDay / 60_000 % 60
        hour = inDay / 3_600_000
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        // Civil date from days since 1970-01-01 (proleptic Gregorian, 400-year eras of 146,097 days).
        let (era, _) = Self.floorDivision(days + 719_468, 146_097)
        let dayOfEra = days + 719_468 - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    private static func floorDivision(_ a: Int, _ b: Int) -> (Int, Int) {
        let q = a >= 0 ? a / b : (a - b + 1) / b
        return (q, a - q * b)
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `Thu, 01 Jan 1970 00:00:00 +0000` (RFC 5322 §3.3).
    var rfc5322: String {
        "\(Self.weekdays[weekday]), \(Self.padded(day, 2)) \(Self.months[month - 1]) \(Self.padded(year, 4)) "
            + "\(Self.padded(hour, 2)):\(Self.padded(minute, 2)):\(Self.padded(second, 2)) +0000"
    }

    /// `19700101T000000.000Z`, which sorts as the time does.
    var compact: String {
        "\(Self.padded(year, 4))\(Self.padded(month, 2))\(Self.padded(day, 2))T"
            + "\(Self.padded(hour, 2))\(Self.padded(minute, 2))\(Self.padded(second, 2)).\(Self.padded(millisecond, 3))Z"
    }
}
