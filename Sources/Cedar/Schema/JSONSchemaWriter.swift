/// Writes a `Schema` in Cedar's JSON schema format.
///
/// The model holds resolved types, so the output spells every type out:
/// primitives and extensions by keyword and entity types as
/// `{"type": "Entity", "name": <fully qualified>}`. A qualified name resolves
/// only to itself, and an empty-namespace name cannot be shadowed in a valid
/// schema (RFC 70), so reading the output back gives the same `Schema`.
/// Keys are sorted, so equal schemas produce identical text.
struct JSONSchemaWriter {
    let schema: Schema

    init(_ schema: Schema) { self.schema = schema }

    func document() -> JSONValue {
        var namespaces = Set<[String]>()
        namespaces.formUnion(schema.entityTypes.keys.map(\.path))
        namespaces.formUnion(schema.actions.keys.map(\.type.path))
        namespaces.formUnion(schema.commonTypes.keys.map(\.path))
        let ordered = namespaces.sorted { $0.joined(separator: "::") < $1.joined(separator: "::") }
        return .object(ordered.map { ($0.joined(separator: "::"), namespace($0)) })
    }

    private func namespace(_ ns: [String]) -> JSONValue {
        var members: [(String, JSONValue)] = []
        let commons = schema.commonTypes.filter { $0.key.path == ns }.sorted { $0.key.id < $1.key.id }
        if !commons.isEmpty { members.append(("commonTypes", .object(commons.map { ($0.key.id, Self.type($0.value)) }))) }
        let entities = schema.entityTypes.values.filter { $0.name.path == ns }.sorted { $0.name.id < $1.name.id }
        members.append(("entityTypes", .object(entities.map { ($0.name.id, entityType($0)) })))
        let actions = schema.actions.values.filter { $0.uid.type.path == ns }.sorted { $0.uid.id < $1.uid.id }
        members.append(("actions", .object(actions.map { ($0.uid.id, action($0)) })))
        return .object(members)
    }

    private func entityType(_ e: SchemaEntityType) -> JSONValue {
        if let values = e.enumValues { return .object([("enum", .array(values.map(JSONValue.string)))]) }
        var members: [(String, JSONValue)] = []
        if !e.memberOfTypes.isEmpty { members.append(("memberOfTypes", Self.names(e.memberOfTypes))) }
        if !e.attributes.isEmpty { members.append(("shape", Self.type(.record(e.attributes)))) }
        if let t = e.tags { members.append(("tags", Self.type(t))) }
        return .object(members)
    }

    private func action(_ a: SchemaAction) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if !a.memberOf.isEmpty {
            members.append(("memberOf", .array(a.memberOf.map { .object([("id", .string($0.id)), ("type", .string($0.type.qualified))]) })))
        }
        let emptyContext = a.context == .record([:])
        if !a.principalTypes.isEmpty || !a.resourceTypes.isEmpty || !emptyContext {
            var spec: [(String, JSONValue)] = [("principalTypes", Self.names(a.principalTypes)), ("resourceTypes", Self.names(a.resourceTypes))]
            if !emptyContext { spec.append(("context", Self.type(a.context))) }
            members.append(("appliesTo", .object(spec)))
        }
        return .object(members)
    }

    private static func names(_ list: [Name]) -> JSONValue { .array(list.map { .string($0.qualified) }) }

    /// The JSON form of a resolved type.
    static func type(_ t: SchemaType) -> JSONValue {
        switch t {
        case .long: return .object([("type", .string("Long"))])
        case .string: return .object([("type", .string("String"))])
        case .bool: return .object([("type", .string("Boolean"))])
        case let .entity(n): return .object([("type", .string("Entity")), ("name", .string(n.qualified))])
        case let .extension(n): return .object([("type", .string("Extension")), ("name", .string(n))])
        case let .set(inner): return .object([("type", .string("Set")), ("element", type(inner))])
        case let .record(attrs):
            let fields: [(String, JSONValue)] = attrs.sorted { $0.key < $1.key }.map { name, attr in
                guard case var .object(m) = type(attr.type) else { return (name, type(attr.type)) }
                if !attr.required { m.append(("required", .bool(false))) }
                return (name, .object(m))
            }
            return .object([("type", .string("Record")), ("attributes", .object(fields))])
        }
    }
}
