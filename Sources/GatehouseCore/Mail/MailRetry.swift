import Foundation

/// When a message whose delivery failed is tried again: 1 s after the first failure, then 2 s, 4 s, 8 s …
/// never more than 60 s apart, so a mail server that comes back is used within a minute, and retried
/// forever: a queued message is never dropped.
public enum MailRetry {
    public static let maxDelay: TimeInterval = 60

    /// The wait after the `attempts`-th failed attempt (1-based).
    public static func delay(afterFailedAttempts attempts: Int) -> TimeInterval {
        let exponent = min(max(attempts - 1, 0), 6)  // 2^6 = 64 > 60: no overflow however many attempts
        return min(TimeInterval(1 << exponent), maxDelay)
    }

    /// The error kept with a failed attempt: one line, at most 300 characters. Callers pass descriptions that
    /// never hold credentials or message content (`SMTPError` does not).
    public static func shortError(_ text: String) -> String {
        let line = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return line.count > 300 ? String(line.prefix(299)) + "…" : line
    }
}
