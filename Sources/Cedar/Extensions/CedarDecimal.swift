/// The `decimal` extension type: a fixed-point number with 4 fractional digits,
/// stored as a scaled 64-bit integer (range ±922337203685477.5807).
/// Named `CedarDecimal` to avoid clashing with `Foundation.Decimal`.
public struct CedarDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value times 10_000.
    public let scaled: Int64

    public init(scaled: Int64) { self.scaled = scaled }

    /// Parses `-?digits.digits` with 1-4 fractional digits; nil if malformed or out of range.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        var intPart = bytes[..<dot]
        let frac = bytes[(dot + 1)...]
        let negative = intPart.first == UInt8(ascii: "-")
        if negative { intPart = intPart.dropFirst() }
        func isDigits(_ s: ArraySlice<UInt8>) -> Bool { !s.isEmpty && s.allSatisfy { $0 >= 48 && $0 <= 57 } }
        guard isDigits(intPart), isDigits(frac), frac.count <= 4 else { return nil }
        var l: Int64 = 0
        for c in intPart {
            let (m, o1) = l.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
            if o1 || o2 {
                // `-9223372036854775808` still fits as a negative integer part, but is
                // then scaled by 10^4 and overflows anyway.
                return nil
            }
            l = a
        }
        var r: Int64 = 0
        for c in frac { r = r * 10 + Int64(c - 48) }
        for _ in frac.count..<4 { r *= 10 }
        let (ls, o) = l.multipliedReportingOverflow(by: 10_000)
        if o { return nil }
        if negative {
            let (v, o2) = (0 - ls).subtractingReportingOverflow(r)
            if o2 { return nil }
            scaled = v
        } else {
            let (v, o2) = ls.addingReportingOverflow(r)
            if o2 { return nil }
            scaled = v
        }
    }

    public static func < (a: CedarDecimal, b: CedarDecimal) -> Bool { a.scaled < b.scaled }

    public var description: String {
        let mag = scaled.magnitude
        let frac = String(mag % 10_000)
        return (scaled < 0 ? "-" : "") + "\(mag / 10_000)." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}
