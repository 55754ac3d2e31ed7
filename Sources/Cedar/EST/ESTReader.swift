/// Reading the JSON policy format back into policies. Mirrors what the text
/// parser accepts: names must be identifiers (`__cedar` reserved), the action
/// scope only names `Action` entities, slots only stand in the scope of a
/// template, functions and methods are Cedar's extension set.
extension Policy {
    /// Reads one policy or template in the JSON policy format and gives it `id`.
    public init(json text: String, id: String = "policy0") throws(PolicyJSONError) {
        self = try ESTReader.policy(try ESTReader.document(text), id: id, at: .root)
    }

    /// Reads one policy or template from a parsed JSON value.
    public init(json: JSONValue, id: String = "policy0") throws(PolicyJSONError) {
        self = try ESTReader.policy(json, id: id, at: .root)
    }
}

extension PolicySet {
    /// Reads a policy set in the JSON policy format (`staticPolicies`, `templates`, `templateLinks`).
    public init(json text: String) throws(PolicyJSONError) {
        try self.init(json: try ESTReader.document(text))
    }

    /// Reads a policy set from a parsed JSON value.
    public init(json: JSONValue) throws(PolicyJSONError) {
        self.init()
        let root = try ESTReader.object(json, at: .root)
        try ESTReader.allow(root, ["staticPolicies", "templates", "templateLinks"], at: .root)
        for group in ["templates", "staticPolicies"] {
            guard let members = root.first(where: { $0.0 == group })?.1 else { continue }
            let path = JSONSchemaPath.root / group
            for (id, value) in try ESTReader.object(members, at: path) {
                let p = try ESTReader.policy(value, id: id, at: path / id)
                if group == "templates" && !p.isTemplate {
                    throw PolicyJSONError(message: "a template must have a slot in its scope", path: "\(path / id)")
                }
                if group == "staticPolicies" && p.isTemplate {
                    throw PolicyJSONError(message: "a static policy cannot have slots", path: "\(path / id)")
                }
                do { try add(p) } catch { throw PolicyJSONError(message: error.description, path: "\(path / id)") }
            }
        }
        if let links = root.first(where: { $0.0 == "templateLinks" })?.1 {
            let path = JSONSchemaPath.root / "templateLinks"
            for (i, entry) in try ESTReader.array(links, at: path).enumerated() {
                let at = path / i
                let members = try ESTReader.object(entry, at: at)
                try ESTReader.allow(members, ["templateId", "newId", "values"], at: at)
                let templateId = try ESTReader.string(try ESTReader.member(members, "templateId", at: at), at: at / "templateId")
                let newId = try ESTReader.string(try ESTReader.member(members, "newId", at: at), at: at / "newId")
                var values: [SlotId: EntityUID] = [:]
                for (slot, uid) in try ESTReader.object(try ESTReader.member(members, "values", at: at), at: at / "values") {
                    guard let s = SlotId(rawValue: slot) else {
                        throw PolicyJSONError(message: "`\(slot)` is not a slot", path: "\(at / "values")")
                    }
                    values[s] = try ESTReader.uid(uid, at: at / "values" / slot)
                }
                do { try self.link(TemplateLink(id: newId, templateId: templateId, values: values)) } catch {
                    throw PolicyJSONError(message: error.description, path: "\(at)")
                }
            }
        }
    }
}

/// The reading half of the JSON policy format.
enum ESTReader {
    typealias Path = JSONSchemaPath
    typealias Members = [(String, JSONValue)]

    static func fail(_ message: String, _ at: Path) -> PolicyJSONError {
        PolicyJSONError(message: message, path: "\(at)")
    }

    static func document(_ text: String) throws(PolicyJSONError) -> JSONValue {
        do { return try JSONValue.parse(text) } catch { throw PolicyJSONError(message: error.description, path: "") }
    }

    static func object(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> Members {
        guard case let .object(m) = v else { throw fail("expected an object", at) }
        return m
    }

    static func array(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> [JSONValue] {
        guard case let .array(a) = v else { throw fail("expected an array", at) }
        return a
    }

    static func string(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> String {
        guard case let .string(s) = v else { throw fail("expected a string", at) }
        return s
    }

    static func member(_ m: Members, _ key: String, at: Path) throws(PolicyJSONError) -> JSONValue {
        guard let v = m.first(where: { $0.0 == key })?.1 else { throw fail("missing `\(key)`", at) }
        return v
    }

    static func allow(_ m: Members, _ keys: Set<String>, at: Path) throws(PolicyJSONError) {
        if let extra = m.first(where: { !keys.contains($0.0) }) { throw fail("unexpected member `\(extra.0)`", at) }
    }

    /// A single-member object `{"key": body}`, the shape of every expression node.
    static func single(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> (String, JSONValue) {
        let m = try object(v, at: at)
        guard m.count == 1, let only = m.first else { throw fail("expected an expression: an object with exactly one member", at) }
        return only
    }

    /// A `::`-separated name of identifiers, as the text parser accepts it.
    static func name(_ s: String, at: Path) throws(PolicyJSONError) -> Name {
        let parts = s.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        for p in parts {
            guard CedarSyntax.isUnreservedIdentifier(p), p != "__cedar" else { throw fail("`\(s)` is not a valid name", at) }
        }
        guard let last = parts.last else { throw fail("`\(s)` is not a valid name", at) }
        return Name(path: Array(parts.dropLast()), id: last)
    }

    static func uid(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> EntityUID {
        var m = try object(v, at: at)
        if m.count == 1, m[0].0 == "__entity" { m = try object(m[0].1, at: at / "__entity") }
        try allow(m, ["type", "id"], at: at)
        let type = try name(try string(try member(m, "type", at: at), at: at / "type"), at: at / "type")
        return EntityUID(type: type, id: try string(try member(m, "id", at: at), at: at / "id"))
    }

    static func policy(_ v: JSONValue, id: String, at: Path) throws(PolicyJSONError) -> Policy {
        let m = try object(v, at: at)
        try allow(m, ["effect", "principal", "action", "resource", "conditions", "annotations"], at: at)
        guard let effect = Effect(rawValue: try string(try member(m, "effect", at: at), at: at / "effect")) else {
            throw fail("expected `permit` or `forbid`", at / "effect")
        }
        let principal = try scope(try member(m, "principal", at: at), slot: .principal, at: at / "principal")
        let action = try actionScope(try member(m, "action", at: at), at: at / "action")
        let resource = try scope(try member(m, "resource", at: at), slot: .resource, at: at / "resource")
        var conditions: [Condition] = []
        for (i, c) in try array(try member(m, "conditions", at: at), at: at / "conditions").enumerated() {
            let cat = at / "conditions" / i
            let cm = try object(c, at: cat)
            try allow(cm, ["kind", "body"], at: cat)
            guard let kind = Condition.Kind(rawValue: try string(try member(cm, "kind", at: cat), at: cat / "kind")) else {
                throw fail("expected `when` or `unless`", cat / "kind")
            }
            let body = try expr(try member(cm, "body", at: cat), at: cat / "body")
            if body.containsSlot { throw fail("found template slot in a `\(kind.rawValue)` clause", cat / "body") }
            conditions.append(Condition(kind: kind, body: body))
        }
        var annotations: [Annotations.Entry] = []
        if let a = m.first(where: { $0.0 == "annotations" })?.1 {
            for (key, value) in try object(a, at: at / "annotations") {
                guard CedarSyntax.isIdentifier(key) else { throw fail("`\(key)` is not a valid annotation key", at / "annotations") }
                switch value {
                case .null: annotations.append(.init(key: key, value: "", isBare: true))
                case let .string(s): annotations.append(.init(key: key, value: s))
                default: throw fail("an annotation value must be a string or null", at / "annotations" / key)
                }
            }
        }
        return Policy(id: id, effect: effect, annotations: Annotations(annotations),
                      principal: principal, action: action, resource: resource, conditions: conditions)
    }

    static func reference(_ m: Members, slot: SlotId, at: Path) throws(PolicyJSONError) -> EntityReference {
        if let e = m.first(where: { $0.0 == "entity" })?.1 { return .entity(try uid(e, at: at / "entity")) }
        if let s = m.first(where: { $0.0 == "slot" })?.1 {
            guard try string(s, at: at / "slot") == slot.rawValue else { throw fail("expected the slot `\(slot.rawValue)`", at / "slot") }
            return .slot(slot)
        }
        throw fail("expected `entity` or `slot`", at)
    }

    static func scope(_ v: JSONValue, slot: SlotId, at: Path) throws(PolicyJSONError) -> ScopeConstraint {
        let m = try object(v, at: at)
        switch try string(try member(m, "op", at: at), at: at / "op") {
        case "All":
            try allow(m, ["op"], at: at)
            return .any
        case "==":
            try allow(m, ["op", "entity", "slot"], at: at)
            return .eq(try reference(m, slot: slot, at: at))
        case "in":
            try allow(m, ["op", "entity", "slot"], at: at)
            return .in(try reference(m, slot: slot, at: at))
        case "is":
            try allow(m, ["op", "entity_type", "in"], at: at)
            let type = try name(try string(try member(m, "entity_type", at: at), at: at / "entity_type"), at: at / "entity_type")
            guard let container = m.first(where: { $0.0 == "in" })?.1 else { return .is(type) }
            let cm = try object(container, at: at / "in")
            try allow(cm, ["entity", "slot"], at: at / "in")
            return .isIn(type, try reference(cm, slot: slot, at: at / "in"))
        case let op:
            throw fail("`\(op)` is not a scope operator (expected `All`, `==`, `in` or `is`)", at / "op")
        }
    }

    static func actionScope(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> ActionConstraint {
        let m = try object(v, at: at)
        func action(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> EntityUID {
            let u = try uid(v, at: at)
            guard u.isAction else { throw fail("expected an entity of type `Action`, found `\(u.type)`", at) }
            return u
        }
        switch try string(try member(m, "op", at: at), at: at / "op") {
        case "All":
            try allow(m, ["op"], at: at)
            return .any
        case "==":
            try allow(m, ["op", "entity"], at: at)
            return .eq(try action(try member(m, "entity", at: at), at: at / "entity"))
        case "in":
            try allow(m, ["op", "entity", "entities"], at: at)
            if let list = m.first(where: { $0.0 == "entities" })?.1 {
                var out: [EntityUID] = []
                for (i, u) in try array(list, at: at / "entities").enumerated() { out.append(try action(u, at: at / "entities" / i)) }
                return .inSet(out)
            }
            return .in(try action(try member(m, "entity", at: at), at: at / "entity"))
        case let op:
            throw fail("`\(op)` is not an action scope operator (expected `All`, `==` or `in`)", at / "op")
        }
    }

    static let binaryOps: [String: BinaryOp] = [
        "==": .eq, "!=": .notEq, "<": .less, "<=": .lessEq, ">": .greater, ">=": .greaterEq,
        "+": .add, "-": .sub, "*": .mul, "in": .in,
        "contains": .contains, "containsAll": .containsAll, "containsAny": .containsAny, "getTag": .getTag, "hasTag": .hasTag,
    ]
    static let unaryOps: [String: UnaryOp] = ["!": .not, "neg": .neg, "isEmpty": .isEmpty]

    static func expr(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> Expr {
        let (key, body) = try single(v, at: at)
        let here = at / key
        func operands() throws(PolicyJSONError) -> (Expr, Expr) {
            let m = try object(body, at: here)
            try allow(m, ["left", "right"], at: here)
            return (try expr(try member(m, "left", at: here), at: here / "left"),
                    try expr(try member(m, "right", at: here), at: here / "right"))
        }
        func leftAndAttr() throws(PolicyJSONError) -> (Expr, String) {
            let m = try object(body, at: here)
            try allow(m, ["left", "attr"], at: here)
            return (try expr(try member(m, "left", at: here), at: here / "left"),
                    try string(try member(m, "attr", at: here), at: here / "attr"))
        }
        switch key {
        case "Value": return try value(body, at: here)
        case "Var":
            guard let v = Var(rawValue: try string(body, at: here)) else { throw fail("not a variable", here) }
            return .variable(v)
        case "Slot":
            guard let s = SlotId(rawValue: try string(body, at: here)) else { throw fail("not a slot", here) }
            return .slot(s)
        case "Unknown":
            throw fail("unknowns are not supported in policies", here)
        case "if-then-else":
            let m = try object(body, at: here)
            try allow(m, ["if", "then", "else"], at: here)
            return .ifThenElse(try expr(try member(m, "if", at: here), at: here / "if"),
                               then: try expr(try member(m, "then", at: here), at: here / "then"),
                               else: try expr(try member(m, "else", at: here), at: here / "else"))
        case "&&":
            let (a, b) = try operands()
            return .and(a, b)
        case "||":
            let (a, b) = try operands()
            return .or(a, b)
        case ".":
            let (x, attr) = try leftAndAttr()
            return .getAttr(x, attr)
        case "has":
            let (x, attr) = try leftAndAttr()
            return .hasAttr(x, attr)
        case "like":
            let m = try object(body, at: here)
            try allow(m, ["left", "pattern"], at: here)
            let x = try expr(try member(m, "left", at: here), at: here / "left")
            var elements: [PatternElement] = []
            for (i, e) in try array(try member(m, "pattern", at: here), at: here / "pattern").enumerated() {
                switch e {
                case .string("Wildcard"): elements.append(.wildcard)
                case let .object(m) where m.count == 1 && m[0].0 == "Literal":
                    elements += try string(m[0].1, at: here / "pattern" / i).unicodeScalars.map { .char($0) }
                default: throw fail("expected \"Wildcard\" or {\"Literal\": string}", here / "pattern" / i)
                }
            }
            return .like(x, Pattern(elements))
        case "is":
            let m = try object(body, at: here)
            try allow(m, ["left", "entity_type", "in"], at: here)
            let x = try expr(try member(m, "left", at: here), at: here / "left")
            let type = try name(try string(try member(m, "entity_type", at: here), at: here / "entity_type"), at: here / "entity_type")
            var container: Expr? = nil
            if let c = m.first(where: { $0.0 == "in" })?.1 { container = try expr(c, at: here / "in") }
            return .isType(x, type, in: container)
        case "Set":
            var items: [Expr] = []
            for (i, e) in try array(body, at: here).enumerated() { items.append(try expr(e, at: here / i)) }
            return .set(items)
        case "Record":
            var entries: [RecordEntry] = []
            for (k, e) in try object(body, at: here) { entries.append(RecordEntry(key: k, value: try expr(e, at: here / k))) }
            return .record(entries)
        default:
            if let op = unaryOps[key] {
                let m = try object(body, at: here)
                try allow(m, ["arg"], at: here)
                return .unary(op, try expr(try member(m, "arg", at: here), at: here / "arg"))
            }
            if let op = binaryOps[key] {
                let (a, b) = try operands()
                return .binary(op, a, b)
            }
            guard Parser.extensionFunctions.contains(key) || Parser.extensionMethods.contains(key) else {
                throw fail("`\(key)` is not an operator or extension function", at)
            }
            var args: [Expr] = []
            for (i, e) in try array(body, at: here).enumerated() { args.append(try expr(e, at: here / i)) }
            return .call(Name(id: key), args)
        }
    }

    /// `{"Value": …}`: a JSON value as a literal expression (sets and records element by element).
    static func value(_ v: JSONValue, at: Path) throws(PolicyJSONError) -> Expr {
        switch v {
        case let .bool(b): return .literal(.bool(b))
        case let .number(text):
            guard let n = Int64(text) else { throw fail("`\(text)` is not a 64-bit integer", at) }
            return .literal(.long(n))
        case let .string(s): return .literal(.string(s))
        case .null: throw fail("null is not a Cedar value", at)
        case let .array(items):
            var out: [Expr] = []
            for (i, e) in items.enumerated() { out.append(try value(e, at: at / i)) }
            return .set(out)
        case let .object(m):
            if m.count == 1, m[0].0 == "__entity" { return .literal(.entity(try uid(v, at: at))) }
            if m.count == 1, m[0].0 == "__extn" {
                let x = try object(m[0].1, at: at / "__extn")
                try allow(x, ["fn", "arg"], at: at / "__extn")
                let fn = try string(try member(x, "fn", at: at / "__extn"), at: at / "__extn" / "fn")
                guard Parser.extensionFunctions.contains(fn) else { throw fail("`\(fn)` is not an extension function", at / "__extn") }
                return .call(Name(id: fn), [try value(try member(x, "arg", at: at / "__extn"), at: at / "__extn" / "arg")])
            }
            var entries: [RecordEntry] = []
            for (k, e) in m { entries.append(RecordEntry(key: k, value: try value(e, at: at / k))) }
            return .record(entries)
        }
    }
}
