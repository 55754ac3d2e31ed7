import Cedar
import Synchronization

/// The partial evaluations folder listings start from, kept per principal, scope and action for as long as
/// the principal's compiled grants are (the same `stamp`): a principal holding hundreds of folder roles spent
/// half of each listing evaluating the same policies again.
public final class PartialCache: Sendable {
    struct Key: Hashable, Sendable {
        var accountID: String
        var principal: Principal
        var scopeID: String
        var action: String
    }

    private struct Entry: Sendable {
        var stamp: Int64
        var partial: PartialResponse
    }

    private let entries = Mutex([Key: Entry]())
    private let limit: Int

    /// - Parameter limit: entries kept at most; a full cache starts over rather than tracking recency.
    public init(limit: Int = 2_000) {
        self.limit = limit
    }

    /// The kept evaluation when it was made from grants with this stamp, else a new one (then kept).
    func partial(_ key: Key, stamp: Int64, build: () -> PartialResponse) -> PartialResponse {
        if let kept = entries.withLock({ $0[key] }), kept.stamp == stamp { return kept.partial }
        let built = build()
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll() }
            entries[key] = Entry(stamp: stamp, partial: built)
        }
        return built
    }
}
