import Foundation

/// Token buckets per client address, for the endpoints anyone may call without credentials. Each client
/// starts with `burst` tokens, a request takes one, and tokens come back at `perSecond`; an empty bucket
/// is a 429 with the seconds until the next token. Buckets of clients gone quiet are dropped so the map
/// stays small.
public final class ClientRateLimiter: @unchecked Sendable {
    public struct Settings: Sendable, Hashable {
        public var burst: Double
        public var perSecond: Double

        /// 60 requests at once, then 10 a second: far above what a person or an SDK session sends, far
        /// below what would keep the validator busy. `GATEHOUSE_PUBLIC_RATE_BURST` and
        /// `GATEHOUSE_PUBLIC_RATE_PER_SECOND` change them.
        public static let standard = Settings(burst: 60, perSecond: 10)

        public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
            var settings = standard
            if let burst = env["GATEHOUSE_PUBLIC_RATE_BURST"].flatMap(Double.init), burst >= 1, burst.isFinite { settings.burst = burst }
            if let rate = env["GATEHOUSE_PUBLIC_RATE_PER_SECOND"].flatMap(Double.init), rate > 0, rate.isFinite { settings.perSecond = rate }
            return settings
        }
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let settings: Settings
    /// Past this many tracked clients, full buckets are forgotten (a full bucket is the same as none).
    private let pruneAbove = 10_000
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]

    public init(_ settings: Settings) { self.settings = settings }

    /// Takes a token for `client`: nil when the request may go ahead, else the whole seconds to wait.
    func take(_ client: String, now: ContinuousClock.Instant = .now) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        var bucket = buckets[client] ?? Bucket(tokens: settings.burst, updated: now)
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(settings.burst, bucket.tokens + max(0, seconds) * settings.perSecond)
        bucket.updated = now
        guard bucket.tokens >= 1 else {
            buckets[client] = bucket
            return max(1, Int(((1 - bucket.tokens) / settings.perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        buckets[client] = bucket
        if buckets.count > pruneAbove { prune(now: now) }
        return nil
    }

    private func prune(now: ContinuousClock.Instant) {
        let refill = Duration.seconds(settings.burst / settings.perSecond)
        buckets = buckets.filter { now - $0.value.updated < refill }
    }
}
