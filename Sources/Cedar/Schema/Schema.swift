/// A Cedar schema, reduced to what request and entity processing need:
/// entity types with attribute types, actions with their hierarchy and
/// context types, and resolved common types.
///
/// Parsed from the human-readable `.cedarschema` syntax by `Schema(parsing:)`
/// or from Cedar's JSON schema format by `Schema(json:)`; `jsonText` writes
/// the JSON format back.
public struct Schema: Sendable, Hashable {
    public var entityTypes: [EntityType: SchemaEntityType] = [:]
    public var actions: [EntityUID: SchemaAction] = [:]
    public var commonTypes: [Name: SchemaType] = [:]

    public init() {}

    /// Action entities (with parents) implied by the schema's action declarations.
    public var actionEntities: [Entity] {
        actions.values.map { Entity(uid: $0.uid, parents: Set($0.memberOf)) }
    }
}

/// A resolved attribute type.
public indirect enum SchemaType: Sendable, Hashable {
    case long
    case string
    case bool
    case entity(EntityType)
    /// `ipaddr`, `decimal`, `datetime` or `duration`.
    case `extension`(String)
    case set(SchemaType)
    case record([String: SchemaAttribute])
}

public struct SchemaAttribute: Sendable, Hashable {
    public var type: SchemaType
    public var required: Bool
    public init(type: SchemaType, required: Bool) {
        self.type = type
        self.required = required
    }
}

public struct SchemaEntityType: Sendable, Hashable {
    public var name: EntityType
    public var memberOfTypes: [EntityType]
    public var attributes: [String: SchemaAttribute]
    public var tags: SchemaType?
    /// Allowed ids for enumerated entity types (`entity E enum ["a", "b"]`).
    public var enumValues: [String]?
}

public struct SchemaAction: Sendable, Hashable {
    public var uid: EntityUID
    public var memberOf: [EntityUID]
    public var principalTypes: [EntityType]
    public var resourceTypes: [EntityType]
    /// Always a `.record` once resolved.
    public var context: SchemaType
}

/// Schema text errors.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { "schema error: \(message)" }
}
