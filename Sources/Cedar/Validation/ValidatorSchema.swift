/// Facts derived once from a `Schema` for validation: transitive descendants
/// of entity types and actions, validator types of attributes and contexts,
/// and the request environments (one per action and applicable
/// principal/resource type pair), as the reference's `ValidatorSchema` keeps them.
struct ValidatorSchema: Sendable {
    let schema: Schema
    /// Entity type → entity types that can (transitively) be members of it.
    let descendants: [EntityType: Set<EntityType>]
    /// Action → actions that are (transitively) members of it.
    let actionDescendants: [EntityUID: Set<EntityUID>]
    /// Entity type → attribute types (closed records).
    let attributes: [EntityType: [String: ValidatorType.AttributeType]]
    /// Entity type → tag type, for types that declare tags.
    let tagTypes: [EntityType: ValidatorType]
    /// Request environments for every declared action, in a stable order.
    let environments: [RequestEnvironment]
    /// Declared entity type names, sorted (for deterministic iteration).
    let entityTypeNames: [EntityType]
    /// Declared action ids, sorted.
    let actionIDs: [EntityUID]

    init(_ schema: Schema) {
        self.schema = schema
        entityTypeNames = schema.entityTypes.keys.sorted()
        actionIDs = schema.actions.keys.sorted()

        var parents: [EntityType: Set<EntityType>] = [:]
        for (name, et) in schema.entityTypes { parents[name] = Set(et.memberOfTypes) }
        descendants = ValidatorSchema.invert(ValidatorSchema.closure(of: parents))
        var actionParents: [EntityUID: Set<EntityUID>] = [:]
        for (uid, a) in schema.actions { actionParents[uid] = Set(a.memberOf) }
        actionDescendants = ValidatorSchema.invert(ValidatorSchema.closure(of: actionParents))

        var attrs: [EntityType: [String: ValidatorType.AttributeType]] = [:]
        var tags: [EntityType: ValidatorType] = [:]
        for (name, et) in schema.entityTypes {
            attrs[name] = et.attributes.mapValues { .init(ValidatorType(schema: $0.type), isRequired: $0.required) }
            if let t = et.tags { tags[name] = ValidatorType(schema: t) }
        }
        attributes = attrs
        tagTypes = tags

        var envs: [RequestEnvironment] = []
        for uid in actionIDs {
            let a = schema.actions[uid]!
            let context = ValidatorType(schema: a.context)
            for p in a.principalTypes {
                for r in a.resourceTypes {
                    envs.append(RequestEnvironment(principal: p, action: uid, resource: r, context: context))
                }
            }
        }
        environments = envs
    }

    /// Transitive closure of a parent relation: node → all ancestors.
    private static func closure<T: Hashable>(of parents: [T: Set<T>]) -> [T: Set<T>] {
        var out: [T: Set<T>] = [:]
        for start in parents.keys {
            var seen = Set<T>()
            var stack = Array(parents[start] ?? [])
            while let n = stack.popLast() {
                if seen.insert(n).inserted { stack.append(contentsOf: parents[n] ?? []) }
            }
            out[start] = seen
        }
        return out
    }

    /// Turns node → ancestors into node → descendants.
    private static func invert<T: Hashable>(_ ancestors: [T: Set<T>]) -> [T: Set<T>] {
        var out: [T: Set<T>] = [:]
        for (node, ancs) in ancestors {
            for a in ancs { out[a, default: []].insert(node) }
        }
        return out
    }

    /// True for declared entity types and for any type named `Action` (or `NS::Action`).
    func isKnownEntityType(_ t: EntityType) -> Bool {
        t.id == "Action" || schema.entityTypes[t] != nil
    }

    /// `t` itself plus every type that can be a descendant of it.
    func entityTypesIn(_ t: EntityType) -> Set<EntityType> {
        (descendants[t] ?? []).union([t])
    }

    /// The actions `action in uids` holds for (each uid and its descendants), or nil if any uid is undeclared.
    func actionsIn(_ uids: [EntityUID]) -> Set<EntityUID>? {
        var out = Set<EntityUID>()
        for u in uids {
            guard schema.actions[u] != nil else { return nil }
            out.insert(u)
            out.formUnion(actionDescendants[u] ?? [])
        }
        return out
    }

    /// The validator type of an entity literal, or nil for undeclared types/actions.
    func typeOfLiteral(_ uid: EntityUID) -> ValidatorType? {
        if uid.isAction { return schema.actions[uid] != nil ? .entityType(uid.type) : nil }
        return schema.entityTypes[uid.type] != nil ? .entityType(uid.type) : nil
    }

    /// Attributes of an entity LUB: for several types only attributes they all
    /// share, with the permissive least upper bound of their types.
    func attributes(of lub: Set<EntityType>) -> [String: ValidatorType.AttributeType] {
        let sorted = lub.sorted()
        var acc = attributes[sorted[0]] ?? [:]
        for t in sorted.dropFirst() {
            let other = attributes[t] ?? [:]
            if case let .success(.record(a, _)) = ValidatorType.leastUpperBound(.record(acc, open: false), .record(other, open: false), strict: false) {
                acc = a
            } else {
                acc = acc.filter { other[$0.key] != nil }
            }
        }
        return acc
    }
}

/// One request environment: the types of `principal` and `resource`, the
/// action, the context type, and (for templates) the types linked to slots.
struct RequestEnvironment: Sendable, Hashable {
    var principal: EntityType
    var action: EntityUID
    var resource: EntityType
    var context: ValidatorType
    var principalSlot: EntityType? = nil
    var resourceSlot: EntityType? = nil
}

extension ValidatorType {
    /// Converts a resolved schema type; schema records are closed.
    init(schema t: SchemaType) {
        switch t {
        case .long: self = .long
        case .string: self = .string
        case .bool: self = .anyBool
        case let .entity(e): self = .entityType(e)
        case let .extension(n): self = .extension(n)
        case let .set(inner): self = .set(ValidatorType(schema: inner))
        case let .record(attrs):
            self = .record(attrs.mapValues { .init(ValidatorType(schema: $0.type), isRequired: $0.required) }, open: false)
        }
    }
}
