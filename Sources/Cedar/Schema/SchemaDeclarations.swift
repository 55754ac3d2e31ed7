/// Schema declarations as written, before names are resolved.
///
/// Both schema syntaxes (human-readable `.cedarschema` and the JSON format)
/// collect their declarations into this one form and then call ``build(strict:)``,
/// so an unqualified name resolves the same way whichever syntax it came from.
struct SchemaDeclarations: Sendable {
    /// Unresolved type syntax; resolved once all declarations are known.
    indirect enum RawType: Sendable {
        /// A name that may be a common type or an entity type (human syntax;
        /// JSON `{"type": "EntityOrCommon", "name": …}`).
        case path(Name)
        /// A name that must be an entity type (JSON `{"type": "Entity", "name": …}`).
        case entity(Name)
        /// A name that must be a common type, or a built-in alias such as
        /// `Bool` or `ipaddr` (JSON `{"type": "Name"}`).
        case common(Name)
        /// A type spelled by keyword (JSON `String`, `Long`, `Boolean`, `Extension`).
        case builtin(SchemaType)
        case set(RawType)
        /// Fields as `(name, type, required, annotations)`, in source order.
        case record([(String, RawType, Bool, [String: String])])
    }

    struct RawEntity: Sendable {
        var name: Name; var memberOf: [Name]; var ns: [String]; var attrs: RawType?; var tags: RawType?; var enumValues: [String]?
        var annotations: [String: String] = [:]
    }
    struct RawAction: Sendable {
        var uid: EntityUID; var memberOf: [RawActionRef]; var ns: [String]; var principals: [Name]; var resources: [Name]; var context: RawType?
        var annotations: [String: String] = [:]
    }
    /// An action parent as written: `type` nil means `Action`.
    struct RawActionRef: Sendable, Hashable {
        var type: Name?
        var id: String
    }

    var entities: [RawEntity] = []
    var actions: [RawAction] = []
    /// Common type name → (definition, namespace it was declared in).
    var commons: [Name: (RawType, [String])] = [:]
    var commonAnnotations: [Name: [String: String]] = [:]
    /// Namespace (as written, `A::B`) → its annotations.
    var namespaceAnnotations: [String: [String: String]] = [:]

    /// What a name refers to, once looked up.
    enum Target: Sendable, Hashable {
        case common(Name)
        case entity(Name)
        case builtin(SchemaType)
    }

    /// Which declarations a reference may name.
    enum ReferenceKind: Sendable {
        case entity, common, entityOrCommon
    }

    /// Built-in types reachable by an unqualified name or by `__cedar::name`.
    static let builtins: [String: SchemaType] = [
        "Long": .long, "String": .string, "Bool": .bool,
        "ipaddr": .extension("ipaddr"), "decimal": .extension("decimal"),
        "datetime": .extension("datetime"), "duration": .extension("duration"),
    ]

    /// The name sets lookups consult, computed once per build.
    struct Index: Sendable {
        var entityNames: Set<Name>
        var commonNames: Set<Name>

        init(_ d: SchemaDeclarations) {
            // `NS::Action` counts as an entity type in every namespace declaring actions, as in the reference.
            entityNames = Set(d.entities.map(\.name)).union(d.actions.map(\.uid.type))
            commonNames = Set(d.commons.keys)
        }
    }

    /// Looks a name up as the reference does: an unqualified name in namespace
    /// `ns` is tried as `ns::name` first and then in the empty namespace; for
    /// each candidate a common type wins over an entity type (RFC 24). Built-in
    /// primitive and extension names come last, as aliases in the empty
    /// namespace (also spelled `__cedar::name`). Nil when nothing matches.
    static func lookup(_ name: Name, ns: [String], kind: ReferenceKind, in index: Index) -> Target? {
        var candidates: [Name] = []
        if name.path.isEmpty && !ns.isEmpty { candidates.append(Name(path: ns, id: name.id)) }
        candidates.append(name)
        for c in candidates {
            if kind != .entity, index.commonNames.contains(c) { return .common(c) }
            if kind != .common, index.entityNames.contains(c) { return .entity(c) }
        }
        guard kind != .entity, name.path.isEmpty || name.path == ["__cedar"], let b = builtins[name.id] else { return nil }
        return .builtin(b)
    }

    /// Resolves a type, inlining common types. In lenient mode an unresolvable
    /// name is taken as an entity type (the human-readable parser's historical
    /// behaviour); strict mode reports it instead.
    func resolve(_ t: RawType, ns: [String], index: Index, strict: Bool, depth: Int = 0) throws(SchemaError) -> SchemaType {
        // Bounds cycles through common types (the JSON reader reports those itself) and runaway nesting.
        guard depth < 256 else { throw SchemaError(message: "common type definitions are cyclic or too deep") }
        let name: Name, kind: ReferenceKind
        switch t {
        case let .builtin(b): return b
        case let .set(inner): return .set(try resolve(inner, ns: ns, index: index, strict: strict, depth: depth + 1))
        case let .record(fields):
            var attrs: [String: SchemaAttribute] = [:]
            for (n, ft, req, notes) in fields {
                attrs[n] = SchemaAttribute(type: try resolve(ft, ns: ns, index: index, strict: strict, depth: depth + 1), required: req,
                                           annotations: notes)
            }
            return .record(attrs)
        case let .path(n): (name, kind) = (n, .entityOrCommon)
        case let .entity(n): (name, kind) = (n, .entity)
        case let .common(n): (name, kind) = (n, .common)
        }
        switch Self.lookup(name, ns: ns, kind: kind, in: index) {
        case let .common(c)?:
            // `lookup` only answers `.common` for declared names, so the definition exists.
            guard let (ct, cns) = commons[c] else { throw SchemaError(message: "unknown type `\(c)`") }
            return try resolve(ct, ns: cns, index: index, strict: strict, depth: depth + 1)
        case let .entity(e)?: return .entity(e)
        case let .builtin(b)?: return b
        case nil:
            if strict { throw SchemaError(message: "unknown type `\(name)`") }
            // Unknown names are treated as entity types (the reference would reject the schema).
            return .entity(name.path.isEmpty && !ns.isEmpty ? Name(path: ns, id: name.id) : name)
        }
    }

    /// Resolves an action parent as the reference does: the type defaults to
    /// `Action`, an unqualified type is tried in namespace `ns` first and then
    /// in the empty namespace, and the first declared action wins. Nil when
    /// no candidate is declared.
    static func resolveAction(_ ref: RawActionRef, ns: [String], declared: Set<EntityUID>) -> EntityUID? {
        let written = ref.type ?? Name(id: "Action")
        var candidates = [EntityUID(type: written, id: ref.id)]
        if written.path.isEmpty && !ns.isEmpty { candidates.insert(EntityUID(type: Name(path: ns, id: written.id), id: ref.id), at: 0) }
        return candidates.first(where: declared.contains)
    }

    /// Resolves an entity type reference (`in`, `principal`, `resource`); an
    /// undeclared name is kept as written.
    static func resolveEntityName(_ n: Name, ns: [String], index: Index) -> Name {
        if case let .entity(e)? = lookup(n, ns: ns, kind: .entity, in: index) { return e }
        return n
    }

    /// Builds the resolved schema. Strict mode also requires entity shapes and
    /// action contexts to be records, as the reference does.
    func build(strict: Bool = false) throws(SchemaError) -> Schema {
        let index = Index(self)
        var schema = Schema()
        schema.source = self
        for (name, (raw, ns)) in commons { schema.commonTypes[name] = try resolve(raw, ns: ns, index: index, strict: strict) }
        for e in entities {
            var attrs: [String: SchemaAttribute] = [:]
            if let a = e.attrs {
                let shape = try resolve(a, ns: e.ns, index: index, strict: strict)
                if case let .record(r) = shape { attrs = r } else if strict {
                    throw SchemaError(message: "shape of `\(e.name)` is declared with a type other than `Record`")
                }
            }
            schema.entityTypes[e.name] = SchemaEntityType(
                name: e.name, memberOfTypes: e.memberOf.map { Self.resolveEntityName($0, ns: e.ns, index: index) }, attributes: attrs,
                tags: try e.tags.map { (t) throws(SchemaError) in try resolve(t, ns: e.ns, index: index, strict: strict) },
                enumValues: e.enumValues)
        }
        let declaredActions = Set(actions.map(\.uid))
        for a in actions {
            var parents: [EntityUID] = []
            for ref in a.memberOf {
                if let uid = Self.resolveAction(ref, ns: a.ns, declared: declaredActions) {
                    parents.append(uid)
                } else if strict {
                    throw SchemaError(message: "undeclared action `\(EntityUID(type: ref.type ?? Name(id: "Action"), id: ref.id))`")
                } else {
                    // Kept as written, in the action's namespace when the type is omitted (the reference would reject it).
                    parents.append(EntityUID(type: ref.type ?? Name(path: a.ns, id: "Action"), id: ref.id))
                }
            }
            let ctx = try a.context.map { (t) throws(SchemaError) in try resolve(t, ns: a.ns, index: index, strict: strict) } ?? .record([:])
            if strict, case .record = ctx {} else if strict {
                throw SchemaError(message: "context of `\(a.uid)` is declared with a type other than `Record`")
            }
            schema.actions[a.uid] = SchemaAction(uid: a.uid, memberOf: parents,
                                                 principalTypes: a.principals.map { Self.resolveEntityName($0, ns: a.ns, index: index) },
                                                 resourceTypes: a.resources.map { Self.resolveEntityName($0, ns: a.ns, index: index) },
                                                 context: ctx)
        }
        return schema
    }
}
