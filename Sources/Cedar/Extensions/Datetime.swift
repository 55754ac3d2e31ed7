/// Parsing and arithmetic for the `datetime` and `duration` extension types.
/// Both are represented as `Int64` milliseconds (since the Unix epoch for datetimes).
public enum DatetimeSupport {
    static let dayMillis: Int64 = 86_400_000

    /// Parses `YYYY-MM-DD`, optionally followed by `Thh:mm:ss` and then
    /// `Z`, `.SSSZ`, `±hhmm` or `.SSS±hhmm`. Returns epoch milliseconds.
    public static func parseDatetime(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        func digits(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= s.count else { return nil }
            var v = 0
            for i in from..<(from + n) {
                let c = s[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = digits(0, 4), s.count >= 10, s[4] == UInt8(ascii: "-"), let mo = digits(5, 2),
              s[7] == UInt8(ascii: "-"), let d = digits(8, 2) else { return nil }
        guard mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) else { return nil }
        let days = daysFromCivil(y, mo, d)
        if s.count == 10 { return days * dayMillis }
        guard s.count >= 19, s[10] == UInt8(ascii: "T"), let h = digits(11, 2), s[13] == UInt8(ascii: ":"),
              let mi = digits(14, 2), s[16] == UInt8(ascii: ":"), let sec = digits(17, 2) else { return nil }
        var i = 19
        var ms = 0
        if i < s.count && s[i] == UInt8(ascii: ".") {
            guard let v = digits(i + 1, 3) else { return nil }
            ms = v
            i += 4
        }
        guard i < s.count else { return nil }
        var offsetSeconds = 0
        if s[i] == UInt8(ascii: "Z") {
            guard i + 1 == s.count else { return nil }
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            guard i + 5 == s.count, let oh = digits(i + 1, 2), let om = digits(i + 3, 2) else { return nil }
            guard oh < 24 && om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (s[i] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return nil
        }
        guard h < 24 && mi < 60 && sec < 60 else { return nil }
        let secondsOfDay = Int64(h * 3600 + mi * 60 + sec) - Int64(offsetSeconds)
        return (days * 86_400 + secondsOfDay) * 1000 + Int64(ms)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(_ year: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses `-?(Nd)?(Nh)?(Nm)?(Ns)?(Nms)?` (at least one component). Returns milliseconds.
    public static func parseDuration(_ text: String) -> Int64? {
        var s = Array(text.utf8)[...]
        if s.isEmpty { return nil }
        let negative = s.first == UInt8(ascii: "-")
        if negative { s = s.dropFirst() }
        if s.isEmpty { return nil }
        let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]
        var values: [UInt64?] = Array(repeating: nil, count: 5)
        var lastUnit = -1
        while !s.isEmpty {
            var n: UInt64 = 0
            var overflow = false
            var count = 0
            while let c = s.first, c >= 48 && c <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(c - 48))
                if o1 || o2 { overflow = true }
                n = a
                count += 1
                s = s.dropFirst()
            }
            guard count > 0 else { return nil }
            let unit: Int
            if s.starts(with: "ms".utf8) { unit = 4; s = s.dropFirst(2) }
            else if s.first == UInt8(ascii: "d") { unit = 0; s = s.dropFirst() }
            else if s.first == UInt8(ascii: "h") { unit = 1; s = s.dropFirst() }
            else if s.first == UInt8(ascii: "m") { unit = 2; s = s.dropFirst() }
            else if s.first == UInt8(ascii: "s") { unit = 3; s = s.dropFirst() }
            else { return nil }
            guard unit > lastUnit else { return nil }
            lastUnit = unit
            if overflow { return nil }
            values[unit] = n
        }
        // Same accumulation order as the reference: ms, s, m, h, d with checked ops.
        var total: Int64 = 0
        for unit in [4, 3, 2, 1, 0] {
            guard let v = values[unit] else { continue }
            guard v <= UInt64(Int64.max) || (unit == 4 && negative && v == UInt64(Int64.max) + 1) else { return nil }
            let part: Int64
            if unit == 4 && v == UInt64(Int64.max) + 1 {
                part = Int64.min
                total = part
                continue
            }
            let (p, o) = Int64(v).multipliedReportingOverflow(by: units[unit].1)
            if o { return nil }
            part = p
            let (t, o2) = negative ? total.subtractingReportingOverflow(part) : total.addingReportingOverflow(part)
            if o2 { return nil }
            total = t
        }
        _ = units
        return total
    }

    /// Midnight (UTC) of the day containing `epoch`; nil on overflow.
    public static func toDate(_ epoch: Int64) -> Int64? {
        var r = epoch % dayMillis
        if r < 0 { r += dayMillis }
        let (v, o) = epoch.subtractingReportingOverflow(r)
        return o ? nil : v
    }

    /// Milliseconds since midnight (UTC).
    public static func toTime(_ epoch: Int64) -> Int64 {
        let r = epoch % dayMillis
        return r < 0 ? r + dayMillis : r
    }

    /// Canonical text of a duration, e.g. `-5ms`.
    public static func durationText(_ ms: Int64) -> String { "\(ms)ms" }
}
