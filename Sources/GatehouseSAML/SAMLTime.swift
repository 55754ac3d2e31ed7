import Foundation
import GatehouseCore

/// `xs:dateTime` values as SAML writes them (UTC, optional fractional seconds).
enum SAMLTime {
    static func parse(_ text: String, field: String) throws(SAMLRejection) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw SAMLRejection("malformed", "\(field) is not a valid time: \(trimmed.clipped).")
    }

    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
