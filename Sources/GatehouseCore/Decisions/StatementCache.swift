import Cedar
import Synchronization

/// Parsed policies by statement. System statements never change, so parsing each (with each instance id)
/// once is enough; the cache is bounded so customer-written statements and instance ids cannot grow it
/// without limit.
public final class StatementCache: Sendable {
    private enum Key: Hashable {
        case text(String)
        /// A system policy with its placeholder filled: found without building (and searching) the text.
        case system(policyID: String, instance: ContentInstance?)
    }

    private let parsed = Mutex<[Key: [Policy]]>([:])
    private let limit: Int

    public init(limit: Int = 50_000) { self.limit = limit }

    /// The policies of a statement (ids as the parser gives them: policy0, policy1, …).
    public func policies(_ statement: String) throws -> [Policy] {
        try policies(.text(statement)) { statement }
    }

    /// The policies of a system policy's statement for one instance (nil for global policies).
    public func policies(of policy: SystemPolicy, instance: ContentInstance?) throws -> [Policy] {
        try policies(.system(policyID: policy.id, instance: instance)) {
            policy.statement(instance: instance.map { (kind: $0.kind, id: $0.id) })
        }
    }

    private func policies(_ key: Key, statement: () -> String) throws -> [Policy] {
        if let hit = parsed.withLock({ $0[key] }) { return hit }
        let policies = try PolicySet(parsing: statement()).policies
        parsed.withLock { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[key] = policies
        }
        return policies
    }
}
