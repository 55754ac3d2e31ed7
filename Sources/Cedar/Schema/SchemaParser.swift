/// Parser for the human-readable Cedar schema syntax.
///
/// It only collects declarations; name resolution is shared with the JSON
/// schema format in `SchemaDeclarations`.
struct SchemaParser {
    typealias RawType = SchemaDeclarations.RawType
    typealias RawEntity = SchemaDeclarations.RawEntity
    typealias RawAction = SchemaDeclarations.RawAction

    private var tokens: [Token]
    private var index = 0
    private let lexer: Lexer
    var declarations = SchemaDeclarations()
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

    /// `@key("value")` or bare `@key` (value `""`) annotations before a declaration or attribute.
    private mutating func annotations() throws(SchemaError) -> [String: String] {
        var out: [String: String] = [:]
        while isPunct("@") {
            advance()
            let key = try ident()
            var value = ""
            if isPunct("(") { advance(); value = try string(); try expect(")") }
            out[key] = value
        }
        return out
    }

    mutating func parse() throws(SchemaError) {
        while true {
            let notes = try annotations()
            if case .eof = current.kind { return }
            if isIdent("namespace") {
                advance()
                let ns = try path()
                if !notes.isEmpty { declarations.namespaceAnnotations[ns.qualified] = notes }
                try expect("{")
                while !isPunct("}") {
                    let inner = try annotations()
                    try declaration(ns: ns.path + [ns.id], annotations: inner)
                }
                advance()
            } else {
                try declaration(ns: [], annotations: notes)
            }
        }
    }

    private mutating func declaration(ns: [String], annotations notes: [String: String] = [:]) throws(SchemaError) {
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
                for n in names {
                    declarations.entities.append(RawEntity(name: Name(path: ns, id: n), memberOf: [], ns: ns, attrs: nil, tags: nil,
                                                           enumValues: values, annotations: notes))
                }
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
            for n in names {
                declarations.entities.append(RawEntity(name: Name(path: ns, id: n), memberOf: memberOf, ns: ns, attrs: attrs, tags: tags,
                                                       enumValues: nil, annotations: notes))
            }
        } else if isIdent("action") {
            advance()
            var names = [try name()]
            while isPunct(",") { advance(); names.append(try name()) }
            var memberOf: [SchemaDeclarations.RawActionRef] = []
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
                declarations.actions.append(RawAction(uid: EntityUID(type: actionType, id: n), memberOf: memberOf, ns: ns,
                                         principals: principals, resources: resources, context: context, annotations: notes))
            }
        } else if isIdent("type") {
            advance()
            let n = try ident()
            try expect("=")
            let t = try type()
            try expect(";")
            declarations.commons[Name(path: ns, id: n)] = (t, ns)
            if !notes.isEmpty { declarations.commonAnnotations[Name(path: ns, id: n)] = notes }
        } else {
            throw fail("expected `entity`, `action`, `type` or `namespace`")
        }
    }

    /// An action parent as written; `SchemaDeclarations` resolves it once all actions are known.
    private mutating func actionRef(ns: [String]) throws(SchemaError) -> SchemaDeclarations.RawActionRef {
        if case .string = current.kind {
            return .init(type: nil, id: try string())
        }
        var parts = [try ident()]
        while isPunct("::") {
            advance()
            if case .string = current.kind {
                let id = try string()
                let last = parts.removeLast()
                return .init(type: Name(path: parts, id: last), id: id)
            }
            parts.append(try ident())
        }
        // A bare identifier names an action (`Action::"id"`).
        return .init(type: nil, id: parts.joined(separator: "::"))
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
        var fields: [(String, RawType, Bool, [String: String])] = []
        while !isPunct("}") {
            let notes = try annotations()
            let n = try name()
            var required = true
            if isPunct("?") { advance(); required = false }
            try expect(":")
            fields.append((n, try type(), required, notes))
            if isPunct(",") { advance() } else { break }
        }
        try expect("}")
        return .record(fields)
    }
}

extension Schema {
    /// Parses `.cedarschema` text.
    public init(parsing text: String) throws(SchemaError) {
        var p = try SchemaParser(text)
        try p.parse()
        self = try p.declarations.build()
    }
}
