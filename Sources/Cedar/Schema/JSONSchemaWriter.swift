/// Writes a `Schema` in Cedar's JSON schema format.
///
/// Types are written as the schema declared them when it was parsed: a
/// reference to a common type stays `{"type": "EntityOrCommon", "name": <fully
/// qualified>}` instead of being inlined, and annotations are written back.
/// A schema built in code has resolved types only, which are spelled out:
/// primitives and extensions by keyword and entity types as
/// `{"type": "Entity", "name": <fully qualified>}`. A qualified name resolves
/// only to itself, and an empty-namespace name cannot be shadowed in a valid
/// schema (RFC 70), so reading the output back gives the same `Schema`.
/// Keys are sorted, so equal schemas produce identical text.
struct JSONSchemaWriter {
    let schema: Schema
    /// Name lookups over the source declarations, when there are any.
    private let index: SchemaDeclarations.Index?

    init(_ schema: Schema) {
        self.schema = schema
        index = schema.source.map(SchemaDeclarations.Index.init)
    }

    private static func annotations(_ notes: [String: String]) -> (String, JSONValue)? {
        guard !notes.isEmpty else { return nil }
        return ("annotations", .object(notes.keys.sorted().compactMap { k in notes[k].map { (k, .string($0)) } }))
    }

    /// Whether a declaration still means the model's type (a schema changed in code after parsing falls back to the model).
    private func means(_ t: SchemaDeclarations.RawType, ns: [String], _ resolved: SchemaType?) -> Bool {
        guard let source = schema.source, let index, let resolved else { return false }
        return (try? source.resolve(t, ns: ns, index: index, strict: false)) == resolved
    }

    /// A declared type, as written: names fully qualified, common types named.
    private func raw(_ t: SchemaDeclarations.RawType, ns: [String]) -> JSONValue {
        switch t {
        case let .builtin(b): return Self.type(b)
        case let .set(inner): return .object([("type", .string("Set")), ("element", raw(inner, ns: ns))])
        case let .record(fields):
            var last: [String: (SchemaDeclarations.RawType, Bool, [String: String])] = [:]
            for (n, ft, req, notes) in fields { last[n] = (ft, req, notes) }
            let members: [(String, JSONValue)] = last.keys.sorted().compactMap { name in
                guard let (ft, req, notes) = last[name], case var .object(m) = raw(ft, ns: ns) else { return nil }
                if !req { m.append(("required", .bool(false))) }
                if let a = Self.annotations(notes) { m.append(a) }
                return (name, .object(m))
            }
            return .object([("type", .string("Record")), ("attributes", .object(members))])
        case let .path(n), let .entity(n), let .common(n):
            let kind: SchemaDeclarations.ReferenceKind
            switch t {
            case .entity: kind = .entity
            case .common: kind = .common
            default: kind = .entityOrCommon
            }
            guard let index else { return Self.type(.entity(n)) }
            switch SchemaDeclarations.lookup(n, ns: ns, kind: kind, in: index) {
            case let .common(c)?: return .object([("type", .string("EntityOrCommon")), ("name", .string(c.qualified))])
            case let .entity(e)?: return Self.type(.entity(e))
            case let .builtin(b)?: return Self.type(b)
            case nil: return Self.type(.entity(n.path.isEmpty && !ns.isEmpty ? Name(path: ns, id: n.id) : n))
            }
        }
    }

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
        if !commons.isEmpty {
            members.append(("commonTypes", .object(commons.map { name, resolved in
                guard let (t, cns) = schema.source?.commons[name], means(t, ns: cns, resolved), case var .object(m) = raw(t, ns: cns) else {
                    return (name.id, Self.type(resolved))
                }
                if let a = Self.annotations(schema.annotations(ofCommonType: name)) { m.append(a) }
                return (name.id, .object(m))
            })))
        }
        let entities = schema.entityTypes.values.filter { $0.name.path == ns }.sorted { $0.name.id < $1.name.id }
        members.append(("entityTypes", .object(entities.map { ($0.name.id, entityType($0)) })))
        let actions = schema.actions.values.filter { $0.uid.type.path == ns }.sorted { $0.uid.id < $1.uid.id }
        members.append(("actions", .object(actions.map { ($0.uid.id, action($0)) })))
        if let a = Self.annotations(schema.annotations(ofNamespace: ns.joined(separator: "::"))) { members.append(a) }
        return .object(members)
    }

    private func entityType(_ e: SchemaEntityType) -> JSONValue {
        let notes = Self.annotations(schema.annotations(ofEntityType: e.name))
        if let values = e.enumValues { return .object([("enum", .array(values.map(JSONValue.string)))] + (notes.map { [$0] } ?? [])) }
        let source = schema.source?.entities.first { $0.name == e.name }
        var members: [(String, JSONValue)] = []
        if !e.memberOfTypes.isEmpty { members.append(("memberOfTypes", Self.names(e.memberOfTypes))) }
        if let shape = source?.attrs, let ns = source?.ns, !e.attributes.isEmpty, means(shape, ns: ns, .record(e.attributes)) {
            members.append(("shape", raw(shape, ns: ns)))
        } else if !e.attributes.isEmpty {
            members.append(("shape", Self.type(.record(e.attributes))))
        }
        if let tags = source?.tags, let ns = source?.ns, means(tags, ns: ns, e.tags) {
            members.append(("tags", raw(tags, ns: ns)))
        } else if let t = e.tags {
            members.append(("tags", Self.type(t)))
        }
        if let notes { members.append(notes) }
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
            if !emptyContext {
                let source = schema.source?.actions.first { $0.uid == a.uid }
                if let ctx = source?.context, let ns = source?.ns, means(ctx, ns: ns, a.context) {
                    spec.append(("context", raw(ctx, ns: ns)))
                } else {
                    spec.append(("context", Self.type(a.context)))
                }
            }
            members.append(("appliesTo", .object(spec)))
        }
        if let notes = Self.annotations(schema.annotations(ofAction: a.uid)) { members.append(notes) }
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
                if let a = annotations(attr.annotations) { m.append(a) }
                return (name, .object(m))
            }
            return .object([("type", .string("Record")), ("attributes", .object(fields))])
        }
    }
}
