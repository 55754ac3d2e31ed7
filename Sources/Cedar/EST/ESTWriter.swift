/// Cedar's JSON policy format (the "EST") for policies, templates and policy
/// sets, written exactly as the reference engine writes it: members in the
/// reference's order, record keys and annotations sorted by their UTF-8 bytes,
/// `like` patterns one character per `Literal`.
extension Policy {
    /// This policy in the JSON policy format.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("effect", .string(effect.rawValue)),
            ("principal", ESTWriter.scope(principal)),
            ("action", ESTWriter.action(action)),
            ("resource", ESTWriter.scope(resource)),
            ("conditions", .array(conditions.map { c in
                .object([("kind", .string(c.kind.rawValue)), ("body", ESTWriter.expr(c.body))])
            })),
        ]
        if !annotations.isEmpty {
            let sorted = annotations.entries.sorted { ESTWriter.byteOrder($0.key, $1.key) }
            members.append(("annotations", .object(sorted.map { ($0.key, $0.isBare ? .null : .string($0.value)) })))
        }
        return .object(members)
    }
}

extension PolicySet {
    /// The set in the JSON policy format: templates, static policies and links, each in insertion order.
    public var json: JSONValue {
        .object([
            ("templates", .object(templates.map { ($0.id, $0.json) })),
            ("staticPolicies", .object(policies.map { ($0.id, $0.json) })),
            ("templateLinks", .array(links.map { link in
                let slots = SlotId.allCases.compactMap { s in link.values[s].map { (s.rawValue, ESTWriter.uid($0)) } }
                return .object([("templateId", .string(link.templateId)), ("newId", .string(link.id)), ("values", .object(slots))])
            })),
        ])
    }
}

extension Expr {
    /// This expression in the JSON policy format.
    public var json: JSONValue { ESTWriter.expr(self) }
}

/// The writing half of the JSON policy format.
enum ESTWriter {
    /// Rust's `String` order (by UTF-8 bytes), which the reference's sorted maps use.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func uid(_ u: EntityUID) -> JSONValue {
        .object([("type", .string(u.type.qualified)), ("id", .string(u.id))])
    }

    static func reference(_ r: EntityReference) -> (String, JSONValue) {
        switch r {
        case let .entity(u): return ("entity", uid(u))
        case let .slot(s): return ("slot", .string(s.rawValue))
        }
    }

    static func scope(_ c: ScopeConstraint) -> JSONValue {
        switch c {
        case .any: return .object([("op", .string("All"))])
        case let .eq(r): return .object([("op", .string("==")), reference(r)])
        case let .in(r): return .object([("op", .string("in")), reference(r)])
        case let .is(t): return .object([("op", .string("is")), ("entity_type", .string(t.qualified))])
        case let .isIn(t, r):
            return .object([("op", .string("is")), ("entity_type", .string(t.qualified)), ("in", .object([reference(r)]))])
        }
    }

    static func action(_ c: ActionConstraint) -> JSONValue {
        switch c {
        case .any: return .object([("op", .string("All"))])
        case let .eq(u): return .object([("op", .string("==")), ("entity", uid(u))])
        case let .in(u): return .object([("op", .string("in")), ("entity", uid(u))])
        // The reference keeps `in [A]` as `in A`.
        case let .inSet(us) where us.count == 1: return .object([("op", .string("in")), ("entity", uid(us[0]))])
        case let .inSet(us): return .object([("op", .string("in")), ("entities", .array(us.map(uid)))])
        }
    }

    /// A value as an expression: scalars and entities as `{"Value": …}`, sets and
    /// records element by element, extension values as their constructor calls.
    static func value(_ v: Value) -> JSONValue {
        switch v {
        case let .bool(b): return node("Value", .bool(b))
        case let .long(n): return node("Value", .number(String(n)))
        case let .string(s): return node("Value", .string(s))
        case let .entity(u): return node("Value", .object([("__entity", uid(u))]))
        case let .set(items): return node("Set", .array(items.map(value).sorted { $0.serialized < $1.serialized }))
        case let .record(fields):
            return node("Record", .object(fields.keys.sorted(by: byteOrder).compactMap { k in fields[k].map { (k, value($0)) } }))
        case let .ext(x):
            func call(_ fn: String, _ arg: String) -> JSONValue { node(fn, .array([node("Value", .string(arg))])) }
            switch x {
            case let .ipaddr(ip): return call("ip", ip.description)
            case let .decimal(d): return call("decimal", d.description)
            case let .duration(ms): return call("duration", "\(ms)ms")
            case let .datetime(ms):
                return node("offset", .array([call("datetime", "1970-01-01"), call("duration", "\(ms)ms")]))
            }
        }
    }

    private static func node(_ key: String, _ body: JSONValue) -> JSONValue { .object([(key, body)]) }

    private static func binary(_ key: String, _ a: Expr, _ b: Expr) -> JSONValue {
        node(key, .object([("left", expr(a)), ("right", expr(b))]))
    }

    static func expr(_ e: Expr) -> JSONValue {
        switch e {
        case let .literal(v): return value(v)
        case let .variable(v): return node("Var", .string(v.rawValue))
        case let .slot(s): return node("Slot", .string(s.rawValue))
        case let .ifThenElse(c, t, f):
            return node("if-then-else", .object([("if", expr(c)), ("then", expr(t)), ("else", expr(f))]))
        case let .and(a, b): return binary("&&", a, b)
        case let .or(a, b): return binary("||", a, b)
        case let .unary(op, x):
            let key: String
            switch op {
            case .not: key = "!"
            case .neg: key = "neg"
            case .isEmpty: key = "isEmpty"
            }
            return node(key, .object([("arg", expr(x))]))
        case let .binary(op, a, b): return binary(op.rawValue, a, b)
        case let .call(name, args): return node(name.qualified, .array(args.map(expr)))
        case let .getAttr(x, attr): return node(".", .object([("left", expr(x)), ("attr", .string(attr))]))
        case let .hasAttr(x, attr): return node("has", .object([("left", expr(x)), ("attr", .string(attr))]))
        case let .like(x, p):
            let elements: [JSONValue] = p.elements.map {
                switch $0 {
                case .wildcard: return .string("Wildcard")
                case let .char(c): return .object([("Literal", .string(String(c)))])
                }
            }
            return node("like", .object([("left", expr(x)), ("pattern", .array(elements))]))
        case let .isType(x, t, container):
            var members: [(String, JSONValue)] = [("left", expr(x)), ("entity_type", .string(t.qualified))]
            if let container { members.append(("in", expr(container))) }
            return node("is", .object(members))
        case let .set(items): return node("Set", .array(items.map(expr)))
        case let .record(entries):
            // The reference keeps records in a sorted map; a repeated key keeps its last value.
            var last: [String: Expr] = [:]
            for entry in entries { last[entry.key] = entry.value }
            return node("Record", .object(last.keys.sorted(by: byteOrder).compactMap { k in last[k].map { (k, expr($0)) } }))
        }
    }
}
