/// Reads the structure of a JSON schema document into `SchemaDeclarations`,
/// rejecting what the reference's deserializer rejects (unknown or missing
/// fields, wrong JSON types, invalid names, unsupported features), and
/// recording every name reference with its path so `JSONSchemaChecks` can
/// report unresolvable ones precisely.
struct JSONSchemaReader {
    /// A type name used somewhere, to be checked once all declarations are known.
    struct Reference {
        var path: JSONSchemaPath
        var name: Name
        var ns: [String]
        var kind: SchemaDeclarations.ReferenceKind
        /// The common type whose definition contains the reference (for cycle detection).
        var owner: Name?
        /// `memberOfTypes`, `principalTypes`, `resourceTypes`: these must name
        /// declared entity types; an action type such as `NS::Action`, which
        /// attribute types may name, is rejected here as the reference does.
        var declaredEntityOnly = false
    }

    /// Where an action parent reference was written, for error messages.
    struct ActionReference {
        var path: JSONSchemaPath
        var ref: SchemaDeclarations.RawActionRef
        var ns: [String]
    }

    var declarations = SchemaDeclarations()
    var references: [Reference] = []
    var actionReferences: [ActionReference] = []
    /// Where each common type is defined.
    var commonPaths: [Name: JSONSchemaPath] = [:]
    private var owner: Name?

    typealias RawType = SchemaDeclarations.RawType
    typealias Members = [(String, JSONValue)]

    mutating func read(_ doc: JSONValue) throws(SchemaJSONError) {
        guard case let .object(namespaces) = doc else {
            throw .invalid(path: "", message: "a JSON schema must be an object mapping namespace names to namespace definitions")
        }
        if namespaces.contains(where: { ["entityTypes", "actions", "commonTypes"].contains($0.0) }) {
            throw .invalid(path: "", message: "JSON formatted schema must specify a namespace; for the empty namespace write {\"\": {...}}")
        }
        for (key, value) in namespaces { try readNamespace(key, value) }
    }

    // MARK: - Namespaces and declarations

    private mutating func readNamespace(_ key: String, _ value: JSONValue) throws(SchemaJSONError) {
        let path = JSONSchemaPath.root / key
        var ns: [String] = []
        if !key.isEmpty {
            guard let n = JSONSchemaNames.name(key) else { throw .invalid(path: "\(path)", message: "invalid namespace name \(JSONValue.quote(key))") }
            ns = n.path + [n.id]
        }
        let members = try object(value, at: path, what: "a namespace definition")
        try allow(members, ["commonTypes", "entityTypes", "actions", "annotations"], at: path)
        if let a = members.first(where: { $0.0 == "annotations" })?.1 {
            let notes = try annotations(a, at: path / "annotations")
            if key.isEmpty, case let .object(m) = a, !m.isEmpty {
                throw .invalid(path: "\(path)", message: "annotations are not allowed on the empty namespace")
            }
            if !notes.isEmpty { declarations.namespaceAnnotations[key] = notes }
        }
        if let c = field("commonTypes", members) {
            for (name, def) in try object(c, at: path / "commonTypes", what: "an object of common types") {
                try readCommonType(name, def, ns: ns, at: path / "commonTypes" / name)
            }
        }
        guard let e = field("entityTypes", members) else { throw missing("entityTypes", at: path) }
        for (name, def) in try object(e, at: path / "entityTypes", what: "an object of entity types") {
            try readEntityType(name, def, ns: ns, at: path / "entityTypes" / name)
        }
        guard let a = field("actions", members) else { throw missing("actions", at: path) }
        for (name, def) in try object(a, at: path / "actions", what: "an object of actions") {
            try readAction(name, def, ns: ns, at: path / "actions" / name)
        }
    }

    private mutating func readCommonType(_ id: String, _ value: JSONValue, ns: [String], at path: JSONSchemaPath) throws(SchemaJSONError) {
        guard JSONSchemaNames.isUnreservedIdentifier(id) else { throw .invalid(path: "\(path)", message: "invalid common type name \(JSONValue.quote(id))") }
        guard !["Bool", "Boolean", "Entity", "Extension", "Long", "Record", "Set", "String"].contains(id) else {
            throw .invalid(path: "\(path)", message: "`\(id)` is reserved and cannot be the name of a common type")
        }
        let name = Name(path: ns, id: id)
        owner = name
        defer { owner = nil }
        commonPaths[name] = path
        declarations.commons[name] = (try type(value, at: path, ns: ns, extra: ["annotations"]), ns)
        if case let .object(m) = value, let a = field("annotations", m) {
            let notes = try annotations(a, at: path / "annotations")
            if !notes.isEmpty { declarations.commonAnnotations[name] = notes }
        }
    }

    private mutating func readEntityType(_ id: String, _ value: JSONValue, ns: [String], at path: JSONSchemaPath) throws(SchemaJSONError) {
        guard JSONSchemaNames.isUnreservedIdentifier(id) else { throw .invalid(path: "\(path)", message: "invalid entity type name \(JSONValue.quote(id))") }
        guard id != "Action" else { throw .invalid(path: "\(path)", message: "entity type `Action` declared in `entityTypes` list") }
        let members = try object(value, at: path, what: "an entity type definition")
        try allow(members, ["memberOfTypes", "shape", "tags", "enum", "annotations"], at: path)
        for (k, v) in members where v == .null { throw .invalid(path: "\(path / k)", message: "`\(k)` cannot be null") }
        let notes = try field("annotations", members).map { (a) throws(SchemaJSONError) in try annotations(a, at: path / "annotations") } ?? [:]
        let name = Name(path: ns, id: id)
        if let choices = field("enum", members) {
            let others = ["memberOfTypes", "shape", "tags"].filter { field($0, members) != nil }
            guard others.isEmpty else {
                throw .invalid(path: "\(path)", message: "unexpected field: \(others.joined(separator: ", ")) (an enumerated entity type has only `enum` and `annotations`)")
            }
            guard case let .array(items) = choices, !items.isEmpty else {
                throw .invalid(path: "\(path / "enum")", message: "`enum` must be a non-empty array of strings")
            }
            var values: [String] = []
            for (i, item) in items.enumerated() {
                guard case let .string(s) = item else { throw .invalid(path: "\(path / "enum" / i)", message: "enum choices must be strings") }
                values.append(s)
            }
            declarations.entities.append(.init(name: name, memberOf: [], ns: ns, attrs: nil, tags: nil, enumValues: values, annotations: notes))
            return
        }
        var memberOf: [Name] = []
        if let m = field("memberOfTypes", members) { memberOf = try entityNames(m, ns: ns, at: path / "memberOfTypes") }
        let shape = try field("shape", members).map { (v) throws(SchemaJSONError) in try type(v, at: path / "shape", ns: ns) }
        let tags = try field("tags", members).map { (v) throws(SchemaJSONError) in try type(v, at: path / "tags", ns: ns) }
        declarations.entities.append(.init(name: name, memberOf: memberOf, ns: ns, attrs: shape, tags: tags, enumValues: nil, annotations: notes))
    }

    private mutating func readAction(_ id: String, _ value: JSONValue, ns: [String], at path: JSONSchemaPath) throws(SchemaJSONError) {
        let members = try object(value, at: path, what: "an action definition")
        try allow(members, ["attributes", "appliesTo", "memberOf", "annotations"], at: path)
        let notes = try field("annotations", members).map { (a) throws(SchemaJSONError) in try annotations(a, at: path / "annotations") } ?? [:]
        if let attrs = field("attributes", members), attrs != .null {
            throw .invalid(path: "\(path / "attributes")", message: "unsupported feature: action attributes")
        }
        var parentRefs: [SchemaDeclarations.RawActionRef] = []
        var principals: [Name] = [], resources: [Name] = []
        var context: RawType? = nil
        if let spec = field("appliesTo", members), spec != .null {
            let p = path / "appliesTo"
            let m = try object(spec, at: p, what: "an `appliesTo` object")
            try allow(m, ["principalTypes", "resourceTypes", "context"], at: p)
            guard let pt = field("principalTypes", m) else { throw missing("principalTypes", at: p) }
            guard let rt = field("resourceTypes", m) else { throw missing("resourceTypes", at: p) }
            principals = try entityNames(pt, ns: ns, at: p / "principalTypes")
            resources = try entityNames(rt, ns: ns, at: p / "resourceTypes")
            context = try field("context", m).map { (v) throws(SchemaJSONError) in try type(v, at: p / "context", ns: ns) }
        }
        if let parents = field("memberOf", members), parents != .null {
            guard case let .array(items) = parents else { throw .invalid(path: "\(path / "memberOf")", message: "`memberOf` must be an array") }
            for (i, item) in items.enumerated() {
                let p = path / "memberOf" / i
                let m = try object(item, at: p, what: "an action reference {\"id\": …, \"type\": …}")
                try allow(m, ["id", "type"], at: p)
                guard case let .string(pid)? = field("id", m) else { throw .invalid(path: "\(p)", message: "an action reference needs a string `id`") }
                var type: Name? = nil
                if let t = field("type", m), t != .null {
                    guard case let .string(s) = t, let n = JSONSchemaNames.name(s) else {
                        throw .invalid(path: "\(p / "type")", message: "invalid action type \(t.serialized)")
                    }
                    type = n
                }
                parentRefs.append(.init(type: type, id: pid))
                actionReferences.append(.init(path: p, ref: parentRefs[parentRefs.count - 1], ns: ns))
            }
        }
        declarations.actions.append(.init(uid: EntityUID(type: Name(path: ns, id: "Action"), id: id), memberOf: parentRefs, ns: ns,
                                          principals: principals, resources: resources, context: context, annotations: notes))
    }

    /// A JSON array of entity type names (`memberOfTypes`, `principalTypes`, `resourceTypes`).
    private mutating func entityNames(_ v: JSONValue, ns: [String], at path: JSONSchemaPath) throws(SchemaJSONError) -> [Name] {
        guard case let .array(items) = v else { throw .invalid(path: "\(path)", message: "expected an array of entity type names") }
        var out: [Name] = []
        for (i, item) in items.enumerated() {
            guard case let .string(s) = item, let n = JSONSchemaNames.name(s) else {
                throw .invalid(path: "\(path / i)", message: "invalid entity type name \(item.serialized)")
            }
            references.append(.init(path: path / i, name: n, ns: ns, kind: .entity, owner: owner, declaredEntityOnly: true))
            out.append(n)
        }
        return out
    }

    // MARK: - Types

    private static let typeFields = ["type", "element", "attributes", "additionalAttributes", "name"]

    /// Reads a type. `extra` names the sibling fields the context allows
    /// (`required`/`annotations` on attributes, `annotations` on common types).
    private mutating func type(_ v: JSONValue, at path: JSONSchemaPath, ns: [String], extra: [String] = []) throws(SchemaJSONError) -> RawType {
        // No nesting limit of its own: `JSONValue.parse` already bounds document depth (the reference has no limit).
        let m = try object(v, at: path, what: "a type")
        try allow(m, Self.typeFields + extra, at: path)
        if let a = field("annotations", m) { _ = try annotations(a, at: path / "annotations") }
        guard let t = field("type", m) else { throw missing("type", at: path) }
        guard case let .string(tn) = t else { throw .invalid(path: "\(path / "type")", message: "`type` must be a string") }
        /// Fields other than `type` the form takes; the rest of `typeFields` are rejected.
        func only(_ allowed: [String]) throws(SchemaJSONError) {
            for f in Self.typeFields.dropFirst() where !allowed.contains(f) && field(f, m) != nil {
                throw .invalid(path: "\(path / f)", message: "unexpected field `\(f)` for type \(JSONValue.quote(tn))")
            }
        }
        func nameField() throws(SchemaJSONError) -> String {
            guard let n = field("name", m) else { throw missing("name", at: path) }
            guard case let .string(s) = n else { throw .invalid(path: "\(path / "name")", message: "`name` must be a string") }
            return s
        }
        switch tn {
        case "String", "Long", "Boolean":
            try only([])
            return .builtin(tn == "String" ? .string : tn == "Long" ? .long : .bool)
        case "Set":
            try only(["element"])
            guard let e = field("element", m) else { throw missing("element", at: path) }
            return .set(try type(e, at: path / "element", ns: ns))
        case "Record":
            try only(["attributes", "additionalAttributes"])
            if let extra = field("additionalAttributes", m) {
                guard case let .bool(open) = extra else { throw .invalid(path: "\(path / "additionalAttributes")", message: "`additionalAttributes` must be a boolean") }
                if open { throw .invalid(path: "\(path / "additionalAttributes")", message: "unsupported feature: records with `additionalAttributes`") }
            }
            guard let a = field("attributes", m) else { throw missing("attributes", at: path) }
            var fields: [(String, RawType, Bool, [String: String])] = []
            for (attr, def) in try object(a, at: path / "attributes", what: "an object of attribute types") {
                let p = path / "attributes" / attr
                let dm = try object(def, at: p, what: "an attribute type")
                let ft = try type(def, at: p, ns: ns, extra: ["required", "annotations"])
                var required = true
                if let r = field("required", dm) {
                    guard case let .bool(b) = r else { throw .invalid(path: "\(p / "required")", message: "`required` must be a boolean") }
                    required = b
                }
                let notes = try field("annotations", dm).map { (a) throws(SchemaJSONError) in try annotations(a, at: p / "annotations") } ?? [:]
                fields.append((attr, ft, required, notes))
            }
            return .record(fields)
        case "Entity", "EntityOrCommon":
            try only(["name"])
            let s = try nameField()
            guard let n = JSONSchemaNames.name(s) else { throw .invalid(path: "\(path / "name")", message: "invalid entity type name \(JSONValue.quote(s))") }
            let entity = tn == "Entity"
            references.append(.init(path: path / "name", name: n, ns: ns, kind: entity ? .entity : .entityOrCommon, owner: owner))
            return entity ? .entity(n) : .path(n)
        case "Extension":
            try only(["name"])
            let s = try nameField()
            guard ["ipaddr", "decimal", "datetime", "duration"].contains(s) else {
                throw .invalid(path: "\(path / "name")", message: "unknown extension type \(JSONValue.quote(s))")
            }
            return .builtin(.extension(s))
        default:
            try only([])
            guard let n = JSONSchemaNames.name(tn, allowCedarNamespace: true) else {
                throw .invalid(path: "\(path / "type")", message: "invalid type name \(JSONValue.quote(tn))")
            }
            references.append(.init(path: path, name: n, ns: ns, kind: .common, owner: owner))
            return .common(n)
        }
    }

    // MARK: - Helpers

    private func object(_ v: JSONValue, at path: JSONSchemaPath, what: String) throws(SchemaJSONError) -> Members {
        guard case let .object(m) = v else { throw .invalid(path: "\(path)", message: "expected \(what), found \(Self.kind(of: v))") }
        return m
    }

    private func field(_ key: String, _ m: Members) -> JSONValue? { m.first { $0.0 == key }?.1 }

    private func allow(_ m: Members, _ keys: [String], at path: JSONSchemaPath) throws(SchemaJSONError) {
        for (k, _) in m where !keys.contains(k) {
            throw .invalid(path: "\(path)", message: "unknown field \(JSONValue.quote(k)), expected one of \(keys.map { "`\($0)`" }.joined(separator: ", "))")
        }
    }

    private func missing(_ key: String, at path: JSONSchemaPath) -> SchemaJSONError {
        .invalid(path: "\(path)", message: "missing field `\(key)`")
    }

    /// Annotations are an object of identifier keys to strings (or null); the model does not keep them.
    /// Annotations by key; a `null` value (a bare annotation) reads as `""`.
    private func annotations(_ v: JSONValue, at path: JSONSchemaPath) throws(SchemaJSONError) -> [String: String] {
        var out: [String: String] = [:]
        for (k, value) in try object(v, at: path, what: "an object of annotations") {
            guard JSONSchemaNames.isIdentifier(k) else { throw .invalid(path: "\(path / k)", message: "invalid annotation name \(JSONValue.quote(k))") }
            switch value {
            case let .string(s): out[k] = s
            case .null: out[k] = ""
            default: throw .invalid(path: "\(path / k)", message: "annotation values must be strings")
            }
        }
        return out
    }

    private static func kind(of v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
