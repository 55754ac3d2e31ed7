import Foundation

/// Provisioning timestamps are ISO-8601 strings with second precision and `Z`, as Cloudinary sends them.
enum WireTimestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
