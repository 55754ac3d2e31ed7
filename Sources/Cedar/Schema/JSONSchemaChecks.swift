/// The whole-schema checks the reference makes when it builds a schema from
/// JSON, run after `JSONSchemaReader` has seen every declaration: names must
/// resolve, common types must not be cyclic, action parents must exist and be
/// acyclic, shapes and contexts must be records, and no namespaced definition
/// may shadow one in the empty namespace (RFC 70). Each failure names the JSON
/// path it came from.
struct JSONSchemaChecks {
    private let declarations: SchemaDeclarations
    private let reader: JSONSchemaReader
    private let index: SchemaDeclarations.Index

    init(_ reader: JSONSchemaReader) {
        self.reader = reader
        declarations = reader.declarations
        index = SchemaDeclarations.Index(reader.declarations)
    }

    func run() throws(SchemaJSONError) {
        try shadowing()
        try references()
        try commonTypeCycles()
        try actionHierarchy()
        try recordShapes()
    }

    private func entityPath(_ n: Name) -> JSONSchemaPath { .namespace(n.path) / "entityTypes" / n.id }
    private func actionPath(_ uid: EntityUID) -> JSONSchemaPath { .namespace(uid.type.path) / "actions" / uid.id }

    /// RFC 70: `NS::X` may not be declared (as entity or common type) when `X`
    /// is declared in the empty namespace; likewise `NS::Action::"a"` and `Action::"a"`.
    private func shadowing() throws(SchemaJSONError) {
        var defs: [(Name, JSONSchemaPath)] = declarations.entities.map { ($0.name, entityPath($0.name)) }
        defs += reader.commonPaths.map { ($0.key, $0.value) }
        let unqualified = Set(defs.filter { $0.0.path.isEmpty }.map(\.0.id))
        for (name, path) in defs.sorted(by: { $0.0 < $1.0 }) where !name.path.isEmpty && unqualified.contains(name.id) {
            throw .shadowing(path: "\(path)", shadowing: name.qualified, shadowed: name.id)
        }
        let globalActions = Set(declarations.actions.filter { $0.uid.type.path.isEmpty }.map(\.uid.id))
        for a in declarations.actions.sorted(by: { $0.uid < $1.uid }) where !a.uid.type.path.isEmpty && globalActions.contains(a.uid.id) {
            throw .shadowing(path: "\(actionPath(a.uid))", shadowing: a.uid.description, shadowed: EntityUID(type: Name(id: "Action"), id: a.uid.id).description)
        }
    }

    private func references() throws(SchemaJSONError) {
        let declaredEntities = Set(declarations.entities.map(\.name))
        for r in reader.references {
            switch SchemaDeclarations.lookup(r.name, ns: r.ns, kind: r.kind, in: index) {
            case let .entity(e)? where r.declaredEntityOnly && !declaredEntities.contains(e):
                throw .undeclaredEntityType(path: "\(r.path)", name: r.name.qualified)
            case .some: continue
            case nil where r.kind == .entity: throw .undeclaredEntityType(path: "\(r.path)", name: r.name.qualified)
            case nil: throw .unknownType(path: "\(r.path)", name: r.name.qualified)
            }
        }
    }

    /// Depth-first search over "common type A's definition names common type B".
    private func commonTypeCycles() throws(SchemaJSONError) {
        var edges: [Name: [Name]] = [:]
        for r in reader.references {
            guard let owner = r.owner, r.kind != .entity,
                  case let .common(c)? = SchemaDeclarations.lookup(r.name, ns: r.ns, kind: r.kind, in: index) else { continue }
            edges[owner, default: []].append(c)
        }
        if let cycle = Self.findCycle(in: edges) {
            let path = reader.commonPaths[cycle[0]].map { "\($0)" } ?? ""
            throw .commonTypeCycle(path: path, names: cycle.map(\.qualified))
        }
    }

    /// Every `memberOf` entry must name a declared action (resolved by the
    /// shared rule in `SchemaDeclarations.resolveAction`), and the hierarchy must be acyclic.
    private func actionHierarchy() throws(SchemaJSONError) {
        let declared = Set(declarations.actions.map(\.uid))
        for r in reader.actionReferences where SchemaDeclarations.resolveAction(r.ref, ns: r.ns, declared: declared) == nil {
            throw .undeclaredAction(path: "\(r.path)", action: EntityUID(type: r.ref.type ?? Name(id: "Action"), id: r.ref.id).description)
        }
        var edges: [EntityUID: [EntityUID]] = [:]
        for a in declarations.actions {
            edges[a.uid] = a.memberOf.compactMap { SchemaDeclarations.resolveAction($0, ns: a.ns, declared: declared) }
        }
        if let cycle = Self.findCycle(in: edges) {
            throw .actionCycle(path: "\(actionPath(cycle[0]))", action: cycle[0].description)
        }
    }

    private func recordShapes() throws(SchemaJSONError) {
        func isRecord(_ t: SchemaDeclarations.RawType, ns: [String], at path: JSONSchemaPath) throws(SchemaJSONError) -> Bool {
            do {
                if case .record = try declarations.resolve(t, ns: ns, index: index, strict: true) { return true }
                return false
            } catch { throw .invalid(path: "\(path)", message: error.message) }
        }
        for e in declarations.entities {
            if let a = e.attrs, try !isRecord(a, ns: e.ns, at: entityPath(e.name) / "shape") {
                throw .invalid(path: "\(entityPath(e.name) / "shape")", message: "shape is declared with a type other than `Record`")
            }
        }
        for a in declarations.actions {
            let p = actionPath(a.uid) / "appliesTo" / "context"
            if let c = a.context, try !isRecord(c, ns: a.ns, at: p) {
                throw .invalid(path: "\(p)", message: "context is declared with a type other than `Record`")
            }
        }
    }

    /// Some cycle in a directed graph, as the nodes along it (first node
    /// repeated at the end), or nil. Iterative, so long chains cannot exhaust
    /// the stack; nodes are visited in sorted order so the answer is deterministic.
    static func findCycle<T: Hashable & Comparable>(in edges: [T: [T]]) -> [T]? {
        var finished = Set<T>()
        var onPath: [T: Int] = [:]  // node → position in `path`
        for start in edges.keys.sorted() where !finished.contains(start) {
            var path: [(node: T, next: [T])] = [(start, (edges[start] ?? []).sorted().reversed())]
            onPath[start] = 0
            while !path.isEmpty {
                guard let m = path[path.count - 1].next.popLast() else {
                    let done = path.removeLast().node
                    onPath[done] = nil
                    finished.insert(done)
                    continue
                }
                if let i = onPath[m] { return path[i...].map(\.node) + [m] }
                if finished.contains(m) { continue }
                onPath[m] = path.count
                path.append((m, (edges[m] ?? []).sorted().reversed()))
            }
        }
        return nil
    }
}
