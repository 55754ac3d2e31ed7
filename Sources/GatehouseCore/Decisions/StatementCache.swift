import Cedar
import Synchronization

/// Parsed policies by statement text. System statements never change, so parsing each once is enough; the
/// cache is bounded so customer-written statements cannot grow it without limit.
public final class StatementCache: Sendable {
    private let parsed = Mutex<[String: [Policy]]>([:])
    private let limit: Int

    public init(limit: Int = 10_000) { self.limit = limit }

    /// The policies of a statement (ids as the parser gives them: policy0, policy1, …).
    public func policies(_ statement: String) throws -> [Policy] {
        if let hit = parsed.withLock({ $0[statement] }) { return hit }
        let set = try PolicySet(parsing: statement)
        let policies = set.policies
        parsed.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[statement] = policies
        }
        return policies
    }
}
