/// Evaluates expressions against one request and entity store, with the
/// reference implementation's semantics: strict typing, checked arithmetic,
/// short-circuiting `&&`/`||`/`if`, and errors for missing data.
public struct Evaluator: Sendable {
    public let request: Request
    public let entities: Entities

    public init(request: Request, entities: Entities) {
        self.request = request
        self.entities = entities
    }

    /// Whether the policy is satisfied: its scope matches and all conditions hold.
    public func isSatisfied(_ policy: Policy) throws(EvaluationError) -> Bool {
        guard try scopeMatches(request.principal, policy.principal),
              actionMatches(policy.action),
              try scopeMatches(request.resource, policy.resource) else { return false }
        for c in policy.conditions {
            let v = try bool(try evaluate(c.body))
            if v != (c.kind == .when) { return false }
        }
        return true
    }

    private func scopeMatches(_ uid: EntityUID, _ c: ScopeConstraint) throws(EvaluationError) -> Bool {
        func target(_ r: EntityReference) throws(EvaluationError) -> EntityUID {
            switch r {
            case let .entity(u): return u
            case let .slot(s): throw .unlinkedSlot(s)
            }
        }
        switch c {
        case .any: return true
        case let .eq(r): return uid == (try target(r))
        case let .in(r): return isIn(uid, try target(r))
        case let .is(t): return uid.type == t
        case let .isIn(t, r):
            guard uid.type == t else { return false }
            return isIn(uid, try target(r))
        }
    }

    private func actionMatches(_ c: ActionConstraint) -> Bool {
        switch c {
        case .any: return true
        case let .eq(a): return request.action == a
        case let .in(a): return isIn(request.action, a)
        case let .inSet(list): return list.contains { isIn(request.action, $0) }
        }
    }

    /// Reflexive, transitive hierarchy membership.
    func isIn(_ a: EntityUID, _ b: EntityUID) -> Bool {
        a == b || entities.isDescendant(a, of: b)
    }

    private func bool(_ v: Value) throws(EvaluationError) -> Bool {
        if case let .bool(b) = v { return b }
        throw .typeError(expected: "bool", actual: v.typeName)
    }

    private func long(_ v: Value) throws(EvaluationError) -> Int64 {
        if case let .long(n) = v { return n }
        throw .typeError(expected: "long", actual: v.typeName)
    }

    private func entity(_ v: Value) throws(EvaluationError) -> EntityUID {
        if case let .entity(u) = v { return u }
        throw .typeError(expected: "entity", actual: v.typeName)
    }

    private func set(_ v: Value) throws(EvaluationError) -> Set<Value> {
        if case let .set(s) = v { return s }
        throw .typeError(expected: "set", actual: v.typeName)
    }

    private func string(_ v: Value) throws(EvaluationError) -> String {
        if case let .string(s) = v { return s }
        throw .typeError(expected: "string", actual: v.typeName)
    }

    /// Evaluates an expression to a value.
    ///
    /// Each case delegates to a small helper so the recursive frame stays small
    /// (deep but legal expressions must not exhaust small thread stacks).
    public func evaluate(_ expr: Expr) throws(EvaluationError) -> Value {
        switch expr {
        case let .literal(v): return v
        case let .variable(v): return variable(v)
        case let .slot(s): throw .unlinkedSlot(s)
        case let .ifThenElse(c, t, e): return try evalIf(c, t, e)
        case .and, .or: return try evalLogical(expr)
        case let .unary(op, a): return try evalUnary(op, a)
        case let .binary(op, a, b): return try evalBinary(op, a, b)
        case let .call(name, args): return try evalCall(name, args)
        case let .getAttr(e, attr): return try evalGetAttr(e, attr)
        case let .hasAttr(e, attr): return try evalHasAttr(e, attr)
        case let .like(e, pattern): return try evalLike(e, pattern)
        case let .isType(e, t, inExpr): return try evalIs(e, t, inExpr)
        case let .set(items): return try evalSet(items)
        case let .record(entries): return try evalRecord(entries)
        }
    }

    @inline(never)
    private func variable(_ v: Var) -> Value {
        switch v {
        case .principal: return .entity(request.principal)
        case .action: return .entity(request.action)
        case .resource: return .entity(request.resource)
        case .context: return .record(request.context)
        }
    }

    @inline(never)
    private func evalIf(_ c: Expr, _ t: Expr, _ e: Expr) throws(EvaluationError) -> Value {
        try bool(try evaluate(c)) ? try evaluate(t) : try evaluate(e)
    }

    /// `&&`/`||` chains are walked iteratively along their left spine, so long
    /// chains like `a || b || c || …` use constant stack.
    @inline(never)
    private func evalLogical(_ expr: Expr) throws(EvaluationError) -> Value {
        var rights: [(isAnd: Bool, rhs: Expr)] = []
        var node = expr
        while true {
            switch node {
            case let .and(a, b): rights.append((true, b)); node = a; continue
            case let .or(a, b): rights.append((false, b)); node = a; continue
            default: break
            }
            break
        }
        var value = try evaluate(node)
        for (isAnd, rhs) in rights.reversed() {
            let lhs = try bool(value)
            if isAnd {
                value = lhs ? .bool(try bool(try evaluate(rhs))) : .bool(false)
            } else {
                value = lhs ? .bool(true) : .bool(try bool(try evaluate(rhs)))
            }
        }
        return value
    }

    @inline(never)
    private func evalUnary(_ op: UnaryOp, _ a: Expr) throws(EvaluationError) -> Value {
        let v = try evaluate(a)
        switch op {
        case .not: return .bool(!(try bool(v)))
        case .neg:
            let n = try long(v)
            let (r, o) = Int64(0).subtractingReportingOverflow(n)
            if o { throw .integerOverflow("cannot negate \(n)") }
            return .long(r)
        case .isEmpty: return .bool(try set(v).isEmpty)
        }
    }

    @inline(never)
    private func evalBinary(_ op: BinaryOp, _ a: Expr, _ b: Expr) throws(EvaluationError) -> Value {
        let x = try evaluate(a)
        let y = try evaluate(b)
        return try binary(op, x, y)
    }

    @inline(never)
    private func evalCall(_ name: Name, _ args: [Expr]) throws(EvaluationError) -> Value {
        var vals: [Value] = []
        vals.reserveCapacity(args.count)
        for a in args { vals.append(try evaluate(a)) }
        return try ExtensionFunctions.call(name, vals)
    }

    @inline(never)
    private func evalGetAttr(_ e: Expr, _ attr: String) throws(EvaluationError) -> Value {
        let v = try evaluate(e)
        switch v {
        case let .record(r):
            guard let x = r[attr] else { throw .attributeNotFound(attr, on: "record") }
            return x
        case let .entity(uid):
            guard let ent = entities[uid] else { throw .entityNotFound(uid) }
            guard let x = ent.attributes[attr] else { throw .attributeNotFound(attr, on: uid.description) }
            return x
        default:
            throw .typeError(expected: "record or entity", actual: v.typeName)
        }
    }

    @inline(never)
    private func evalHasAttr(_ e: Expr, _ attr: String) throws(EvaluationError) -> Value {
        let v = try evaluate(e)
        switch v {
        case let .record(r): return .bool(r[attr] != nil)
        case let .entity(uid): return .bool(entities[uid]?.attributes[attr] != nil)
        default: throw .typeError(expected: "record or entity", actual: v.typeName)
        }
    }

    @inline(never)
    private func evalLike(_ e: Expr, _ pattern: Pattern) throws(EvaluationError) -> Value {
        .bool(Self.wildcardMatch(Array(try string(try evaluate(e)).unicodeScalars), pattern.elements))
    }

    @inline(never)
    private func evalIs(_ e: Expr, _ t: EntityType, _ inExpr: Expr?) throws(EvaluationError) -> Value {
        let uid = try entity(try evaluate(e))
        guard uid.type == t else { return .bool(false) }
        guard let inExpr else { return .bool(true) }
        return try binary(.in, .entity(uid), try evaluate(inExpr))
    }

    @inline(never)
    private func evalSet(_ items: [Expr]) throws(EvaluationError) -> Value {
        var s = Set<Value>()
        for i in items { s.insert(try evaluate(i)) }
        return .set(s)
    }

    @inline(never)
    private func evalRecord(_ entries: [RecordEntry]) throws(EvaluationError) -> Value {
        var r: [String: Value] = [:]
        for en in entries { r[en.key] = try evaluate(en.value) }
        return .record(r)
    }

    private func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws(EvaluationError) -> Value {
        switch op {
        case .eq: return .bool(a == b)
        case .notEq: return .bool(a != b)
        case .less: return .bool(try compare(a, b) { $0 < $1 })
        case .lessEq: return .bool(try compare(a, b) { $0 <= $1 })
        case .greater: return .bool(try compare(b, a) { $0 < $1 })
        case .greaterEq: return .bool(try compare(b, a) { $0 <= $1 })
        case .add, .sub, .mul:
            let x = try long(a), y = try long(b)
            let (r, o): (Int64, Bool)
            switch op {
            case .add: (r, o) = x.addingReportingOverflow(y)
            case .sub: (r, o) = x.subtractingReportingOverflow(y)
            default: (r, o) = x.multipliedReportingOverflow(by: y)
            }
            if o { throw .integerOverflow("\(x) \(op.rawValue) \(y)") }
            return .long(r)
        case .in:
            let uid = try entity(a)
            switch b {
            case let .entity(target): return .bool(isIn(uid, target))
            case let .set(s):
                var targets: [EntityUID] = []
                for v in s { targets.append(try entity(v)) }
                return .bool(targets.contains { isIn(uid, $0) })
            default:
                throw .typeError(expected: "set or entity", actual: b.typeName)
            }
        case .contains:
            return .bool(try set(a).contains(b))
        case .containsAll:
            let x = try set(a), y = try set(b)
            return .bool(y.isSubset(of: x))
        case .containsAny:
            let x = try set(a), y = try set(b)
            return .bool(!x.isDisjoint(with: y))
        case .getTag:
            let uid = try entity(a)
            let tag = try string(b)
            guard let ent = entities[uid] else { throw .entityNotFound(uid) }
            guard let v = ent.tags[tag] else { throw .tagNotFound(tag, on: uid) }
            return v
        case .hasTag:
            let uid = try entity(a)
            let tag = try string(b)
            return .bool(entities[uid]?.tags[tag] != nil)
        }
    }

    /// `<`-style comparison: longs, or two datetimes, or two durations.
    private func compare(_ a: Value, _ b: Value, _ lt: (Int64, Int64) -> Bool) throws(EvaluationError) -> Bool {
        switch (a, b) {
        case let (.long(x), .long(y)): return lt(x, y)
        case let (.ext(.datetime(x)), .ext(.datetime(y))): return lt(x, y)
        case let (.ext(.duration(x)), .ext(.duration(y))): return lt(x, y)
        case (.long, _): throw .typeError(expected: "long", actual: b.typeName)
        case (_, .long): throw .typeError(expected: "long", actual: a.typeName)
        default:
            throw .typeError(expected: "long, datetime or duration", actual: "\(a.typeName) and \(b.typeName)")
        }
    }

    /// Glob matching where `.wildcard` matches any (possibly empty) sequence.
    static func wildcardMatch(_ text: [Unicode.Scalar], _ pattern: [PatternElement]) -> Bool {
        var t = 0, p = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count, case let .char(c) = pattern[p], c == text[t] {
                t += 1; p += 1
            } else if p < pattern.count, case .wildcard = pattern[p] {
                starP = p; starT = t; p += 1
            } else if starP >= 0 {
                p = starP + 1; starT += 1; t = starT
            } else {
                return false
            }
        }
        while p < pattern.count, case .wildcard = pattern[p] { p += 1 }
        return p == pattern.count
    }
}
