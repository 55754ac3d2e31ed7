/// Parser for the human-readable Cedar schema syntax.
struct SchemaParser {
    /// Unresolved type syntax; resolved once all declarations are known.
    indirect enum RawType {
        case path(Name)
        case set(RawType)
        case record([(String, RawType, Bool)])
    }

    struct RawEntity { var name: Name; var memberOf: [Name]; var ns: [String]; var attrs: RawType?; var tags: RawType?; var enumValues: [String]? }
    struct RawAction { var uid: EntityUID; var memberOf: [EntityUID]; var ns: [String]; var principals: [Name]; var resources: [Name]; var context: RawType? }

    private var tokens: [Token]
    private var index = 0
    private let lexer: Lexer
    var entities: [RawEntity] = []
    var actions: [RawAction] = []
    var commons: [Name: (RawType, [String])] = [:]
    private var typeNesting = 0

    init(_ text: String) throws(SchemaError) {
        var lx = Lexer(text)
        do { tokens = try lx.tokenize() } catch { throw SchemaError(message: error.description) }
        lexer = lx
    }

    private var current: Token { tokens[index] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }
    private func fail(_ m: String) -> SchemaError {
        SchemaError(message: "\(current.pos.line):\(current.pos.column): \(m)")
    }
    private func isPunct(_ p: String) -> Bool { if case let .punct(q) = current.kind { return q == p }; return false }
    private func isIdent(_ w: String) -> Bool { if case let .ident(q) = current.kind { return q == w }; return false }
    private mutating func expect(_ p: String) throws(SchemaError) {
        guard isPunct(p) else { throw fail("expected `\(p)`") }
        advance()
    }
    private mutating func ident() throws(SchemaError) -> String {
        guard case let .ident(s) = current.kind else { throw fail("expected identifier") }
        advance()
        return s
    }
    private mutating func string() throws(SchemaError) -> String {
        guard case let .string(raw) = current.kind else { throw fail("expected string") }
        advance()
        do { return try Unescape.string(raw) } catch { throw fail("invalid string escape") }
    }
    /// An identifier or a string (names of actions and attributes).
    private mutating func name() throws(SchemaError) -> String {
        if case .string = current.kind { return try string() }
        return try ident()
    }
    private mutating func path() throws(SchemaError) -> Name {
        var parts = [try ident()]
        while isPunct("::"), index + 1 < tokens.count, case .ident = tokens[index + 1].kind {
            advance()
            parts.append(try ident())
        }
        let last = parts.removeLast()
        return Name(path: parts, id: last)
    }

    private mutating func annotations() throws(SchemaError) {
        while isPunct("@") {
            advance()
            _ = try ident()
            if isPunct("(") { advance(); _ = try string(); try expect(")") }
        }
    }

    mutating func parse() throws(SchemaError) {
        while true {
            try annotations()
            if case .eof = current.kind { return }
            if isIdent("namespace") {
                advance()
                let ns = try path()
                try expect("{")
                while !isPunct("}") {
                    try annotations()
                    try declaration(ns: ns.path + [ns.id])
                }
                advance()
            } else {
                try declaration(ns: [])
            }
        }
    }

    private mutating func declaration(ns: [String]) throws(SchemaError) {
        if isIdent("entity") {
            advance()
            var names = [try ident()]
            while isPunct(",") { advance(); names.append(try ident()) }
            if isIdent("enum") {
                advance()
                try expect("[")
                var values: [String] = []
                while !isPunct("]") {
                    values.append(try string())
                    if isPunct(",") { advance() } else { break }
                }
                try expect("]")
                try expect(";")
                for n in names { entities.append(RawEntity(name: Name(path: ns, id: n), memberOf: [], ns: ns, attrs: nil, tags: nil, enumValues: values)) }
                return
            }
            var memberOf: [Name] = []
            if isIdent("in") { advance(); memberOf = try typeList() }
            var attrs: RawType? = nil
            if isPunct("=") { advance() }
            if isPunct("{") { attrs = try recordType() }
            var tags: RawType? = nil
            if isIdent("tags") { advance(); tags = try type() }
            try expect(";")
            for n in names { entities.append(RawEntity(name: Name(path: ns, id: n), memberOf: memberOf, ns: ns, attrs: attrs, tags: tags, enumValues: nil)) }
        } else if isIdent("action") {
            advance()
            var names = [try name()]
            while isPunct(",") { advance(); names.append(try name()) }
            var memberOf: [EntityUID] = []
            if isIdent("in") {
                advance()
                if isPunct("[") {
                    advance()
                    while !isPunct("]") {
                        memberOf.append(try actionRef(ns: ns))
                        if isPunct(",") { advance() } else { break }
                    }
                    try expect("]")
                } else {
                    memberOf.append(try actionRef(ns: ns))
                }
            }
            var principals: [Name] = [], resources: [Name] = []
            var context: RawType? = nil
            if isIdent("appliesTo") {
                advance()
                try expect("{")
                while !isPunct("}") {
                    let key = try ident()
                    try expect(":")
                    switch key {
                    case "principal": principals = try typeList()
                    case "resource": resources = try typeList()
                    case "context": context = try type()
                    default: throw fail("unexpected `\(key)` in appliesTo")
                    }
                    if isPunct(",") { advance() } else { break }
                }
                try expect("}")
            }
            if isIdent("attributes") {
                advance()
                _ = try recordType()
            }
            try expect(";")
            let actionType = Name(path: ns, id: "Action")
            for n in names {
                actions.append(RawAction(uid: EntityUID(type: actionType, id: n), memberOf: memberOf, ns: ns,
                                         principals: principals, resources: resources, context: context))
            }
        } else if isIdent("type") {
            advance()
            let n = try ident()
            try expect("=")
            let t = try type()
            try expect(";")
            commons[Name(path: ns, id: n)] = (t, ns)
        } else {
            throw fail("expected `entity`, `action`, `type` or `namespace`")
        }
    }

    private mutating func actionRef(ns: [String]) throws(SchemaError) -> EntityUID {
        if case .string = current.kind {
            return EntityUID(type: Name(path: ns, id: "Action"), id: try string())
        }
        var parts = [try ident()]
        while isPunct("::") {
            advance()
            if case .string = current.kind {
                let id = try string()
                let last = parts.removeLast()
                return EntityUID(type: Name(path: parts, id: last), id: id)
            }
            parts.append(try ident())
        }
        // A bare identifier names an action in the current namespace.
        return EntityUID(type: Name(path: ns, id: "Action"), id: parts.joined(separator: "::"))
    }

    private mutating func typeList() throws(SchemaError) -> [Name] {
        if isPunct("[") {
            advance()
            var out: [Name] = []
            while !isPunct("]") {
                out.append(try path())
                if isPunct(",") { advance() } else { break }
            }
            try expect("]")
            return out
        }
        return [try path()]
    }

    private mutating func type() throws(SchemaError) -> RawType {
        typeNesting += 1
        defer { typeNesting -= 1 }
        guard typeNesting <= 64 else { throw fail("type nesting exceeds 64 levels") }
        if isPunct("{") { return try recordType() }
        if isIdent("Set") && index + 1 < tokens.count, case .punct("<") = tokens[index + 1].kind {
            advance(); advance()
            let inner = try type()
            try expect(">")
            return .set(inner)
        }
        return .path(try path())
    }

    private mutating func recordType() throws(SchemaError) -> RawType {
        try expect("{")
        var fields: [(String, RawType, Bool)] = []
        while !isPunct("}") {
            try annotations()
            let n = try name()
            var required = true
            if isPunct("?") { advance(); required = false }
            try expect(":")
            fields.append((n, try type(), required))
            if isPunct(",") { advance() } else { break }
        }
        try expect("}")
        return .record(fields)
    }

    // MARK: - Resolution

    func resolve(_ t: RawType, ns: [String], depth: Int = 0) throws(SchemaError) -> SchemaType {
        guard depth < 64 else { throw SchemaError(message: "common type definitions are cyclic or too deep") }
        switch t {
        case let .set(inner): return .set(try resolve(inner, ns: ns, depth: depth + 1))
        case let .record(fields):
            var attrs: [String: SchemaAttribute] = [:]
            for (n, ft, req) in fields { attrs[n] = SchemaAttribute(type: try resolve(ft, ns: ns, depth: depth + 1), required: req) }
            return .record(attrs)
        case let .path(name):
            let entityNames = Set(entities.map(\.name))
            var candidates: [Name] = []
            if name.path.isEmpty && !ns.isEmpty { candidates.append(Name(path: ns, id: name.id)) }
            candidates.append(name)
            for c in candidates {
                if let (ct, cns) = commons[c] { return try resolve(ct, ns: cns, depth: depth + 1) }
                if entityNames.contains(c) { return .entity(c) }
            }
            let builtinName = name.path == ["__cedar"] ? name.id : (name.path.isEmpty ? name.id : nil)
            switch builtinName {
            case "Long": return .long
            case "String": return .string
            case "Bool": return .bool
            case "ipaddr", "decimal", "datetime", "duration": return .extension(builtinName!)
            default:
                // Unknown names are treated as entity types (the reference would reject the schema).
                return .entity(name.path.isEmpty && !ns.isEmpty ? Name(path: ns, id: name.id) : name)
            }
        }
    }

    func resolveEntityName(_ n: Name, ns: [String]) -> Name {
        if n.path.isEmpty && !ns.isEmpty {
            let q = Name(path: ns, id: n.id)
            if entities.contains(where: { $0.name == q }) { return q }
        }
        return n
    }
}

extension Schema {
    /// Parses `.cedarschema` text.
    public init(parsing text: String) throws(SchemaError) {
        var p = try SchemaParser(text)
        try p.parse()
        self.init()
        for (name, (raw, ns)) in p.commons { commonTypes[name] = try p.resolve(raw, ns: ns) }
        for e in p.entities {
            var attrs: [String: SchemaAttribute] = [:]
            if let a = e.attrs, case let .record(r) = try p.resolve(a, ns: e.ns) { attrs = r }
            entityTypes[e.name] = SchemaEntityType(
                name: e.name, memberOfTypes: e.memberOf.map { p.resolveEntityName($0, ns: e.ns) }, attributes: attrs,
                tags: try e.tags.map { (t) throws(SchemaError) in try p.resolve(t, ns: e.ns) }, enumValues: e.enumValues)
        }
        for a in p.actions {
            let ctx = try a.context.map { (t) throws(SchemaError) in try p.resolve(t, ns: a.ns) } ?? .record([:])
            actions[a.uid] = SchemaAction(uid: a.uid, memberOf: a.memberOf,
                                          principalTypes: a.principals.map { p.resolveEntityName($0, ns: a.ns) },
                                          resourceTypes: a.resources.map { p.resolveEntityName($0, ns: a.ns) },
                                          context: ctx)
        }
    }
}
