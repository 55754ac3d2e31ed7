/// An entity: its uid, attributes, tags and direct parents.
public struct Entity: Sendable, Hashable {
    public var uid: EntityUID
    public var attributes: [String: Value]
    public var parents: Set<EntityUID>
    public var tags: [String: Value]

    public init(uid: EntityUID, attributes: [String: Value] = [:], parents: Set<EntityUID> = [], tags: [String: Value] = [:]) {
        self.uid = uid
        self.attributes = attributes
        self.parents = parents
        self.tags = tags
    }
}

/// Errors building an entity store.
public enum EntitiesError: Error, Sendable, Hashable, CustomStringConvertible {
    case json(String)
    case duplicateEntity(EntityUID)
    case invalidValue(String)
    /// The parent relation has a cycle through this entity (the reference rejects such data).
    case cycle(EntityUID)

    public var description: String {
        switch self {
        case let .json(m): return "invalid entities JSON: \(m)"
        case let .duplicateEntity(uid): return "duplicate entity entry `\(uid)`"
        case let .invalidValue(m): return "invalid entity data: \(m)"
        case let .cycle(uid):
            return "transitive closure computation/enforcement error: input graph has a cycle containing vertex `\(uid)`"
        }
    }
}

/// The entity store used during authorization, with the transitive closure of
/// the parent relation precomputed so `in` checks are a set lookup.
public struct Entities: Sendable, Hashable {
    public private(set) var entities: [EntityUID: Entity] = [:]
    /// All (transitive) ancestors of each stored entity.
    private var ancestors: [EntityUID: Set<EntityUID>] = [:]

    public init() {}

    /// Builds a store; duplicate uids are an error, as in the reference implementation.
    public init(_ list: [Entity]) throws(EntitiesError) {
        for e in list {
            // Identical repeated entries are tolerated, conflicting ones are not (as in the reference).
            if let existing = entities[e.uid] {
                guard existing == e else { throw .duplicateEntity(e.uid) }
                continue
            }
            entities[e.uid] = e
        }
        computeAncestors()
        // Like the reference (`Entities::from_entities` with TC enforcement), a hierarchy
        // with a cycle (including an entity that is its own parent) is rejected: `in`
        // would otherwise be ill-defined. Reported at the first such entity in input order.
        for e in list where ancestors[e.uid]?.contains(e.uid) == true { throw .cycle(e.uid) }
    }

    public subscript(uid: EntityUID) -> Entity? { entities[uid] }

    public var count: Int { entities.count }

    /// True if `ancestor` is a (transitive) parent of `uid`. Not reflexive.
    public func isDescendant(_ uid: EntityUID, of ancestor: EntityUID) -> Bool {
        ancestors[uid]?.contains(ancestor) ?? false
    }

    public func ancestors(of uid: EntityUID) -> Set<EntityUID> { ancestors[uid] ?? [] }

    /// Adds entities that are not already present (used for schema action entities).
    public mutating func merge(_ list: [Entity]) {
        for e in list where entities[e.uid] == nil { entities[e.uid] = e }
        computeAncestors()
    }

    private mutating func computeAncestors() {
        var result: [EntityUID: Set<EntityUID>] = [:]
        for uid in entities.keys {
            var seen = Set<EntityUID>()
            var stack = Array(entities[uid]!.parents)
            while let p = stack.popLast() {
                guard seen.insert(p).inserted else { continue }
                if let done = result[p] {
                    seen.formUnion(done)
                } else if let pe = entities[p] {
                    stack.append(contentsOf: pe.parents)
                }
            }
            result[uid] = seen
        }
        ancestors = result
    }
}
