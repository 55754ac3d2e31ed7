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
    /// The declarations as written, kept so `jsonText` can name common types
    /// where the schema named them and write the annotations back. Not part of
    /// `==`: two schemas are equal when they mean the same.
    var source: SchemaDeclarations?

    public init() {}

    public static func == (a: Schema, b: Schema) -> Bool {
        a.entityTypes == b.entityTypes && a.actions == b.actions && a.commonTypes == b.commonTypes
    }

    public func hash(into h: inout Hasher) {
        h.combine(entityTypes)
        h.combine(actions)
        h.combine(commonTypes)
    }

    /// Annotations (`@doc("…")`) of an entity type declaration.
    public func annotations(ofEntityType t: EntityType) -> [String: String] {
        source?.entities.first { $0.name == t }?.annotations ?? [:]
    }

    /// Annotations of an action declaration.
    public func annotations(ofAction a: EntityUID) -> [String: String] {
        source?.actions.first { $0.uid == a }?.annotations ?? [:]
    }

    /// Annotations of a common type declaration.
    public func annotations(ofCommonType n: Name) -> [String: String] {
        source?.commonAnnotations[n] ?? [:]
    }

    /// Annotations of a namespace (`"A::B"`).
    public func annotations(ofNamespace ns: String) -> [String: String] {
        source?.namespaceAnnotations[ns] ?? [:]
    }

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
    /// `@doc("…")` and other annotations written on the attribute. Not part of
    /// `==`, like the schema's other annotations: equality compares meaning.
    public var annotations: [String: String]
    public init(type: SchemaType, required: Bool, annotations: [String: String] = [:]) {
        self.type = type
        self.required = required
        self.annotations = annotations
    }

    public static func == (a: SchemaAttribute, b: SchemaAttribute) -> Bool {
        a.type == b.type && a.required == b.required
    }

    public func hash(into h: inout Hasher) {
        h.combine(type)
        h.combine(required)
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
