import Foundation

/// Query-string reader that accepts what every Cloudinary client sends: `+` for space, lists as repeated
/// `k=`, as `k[]=` or as one comma-joined value, and booleans as `true`/`false`.
struct QueryParameters {
    private var pairs: [(String, String)] = []

    init(_ raw: String?) {
        guard let raw, !raw.isEmpty else { return }
        for item in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(kv[0])
            let value = kv.count > 1 ? Self.decode(kv[1]) : ""
            pairs.append((key, value))
        }
    }

    private static func decode(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Every pair in order, decoded.
    var items: [(name: String, value: String)] { pairs.map { (name: $0.0, value: $0.1) } }

    /// The last non-empty value of `key` (empty values count as absent, as the legacy SDK drops them).
    func string(_ key: String) -> String? {
        pairs.last(where: { $0.0 == key && !$0.1.isEmpty })?.1
    }

    /// Every value of a list filter, in any of the three spellings.
    func list(_ key: String) -> [String] {
        pairs.filter { $0.0 == key || $0.0 == key + "[]" }
            .flatMap { $0.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = string(key) else { return nil }
        switch value.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest("\(key) must be true or false, got \(value)")
        }
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = string(key) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw APIError.badRequest("\(key) must be an integer between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return number
    }

    func enumValue<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T? where T.RawValue == String {
        guard let value = string(key) else { return nil }
        guard let parsed = T(rawValue: value) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("\(key) must be one of \(allowed), got \(value)")
        }
        return parsed
    }

    /// A `YYYY-MM-DD` day (a time part, as the legacy SDK may send, is ignored) as UTC midnight.
    func day(_ key: String) throws -> Date? {
        guard let value = string(key) else { return nil }
        let dayPart = String(value.prefix(10))
        let parts = dayPart.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard dayPart.count == 10, parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]),
              let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.component(.day, from: date) == parts[2]
        else { throw APIError.badRequest("\(key) must be a date in the form yyyy-mm-dd, got \(value)") }
        return date
    }
}
