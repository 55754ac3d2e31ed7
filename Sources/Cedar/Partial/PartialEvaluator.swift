/// Evaluates policies with some request variables unknown, leaving residual
/// expressions where the unknowns are needed.
///
/// Sound by construction rather than by case analysis: a sub-expression whose
/// operands are all known values is handed to the concrete ``Evaluator`` (so
/// values and errors are exactly the full evaluator's), unknown variables stay
/// as variables, and whatever is only evaluated conditionally (the right of
/// `&&`/`||`, the branches of `if`) after an unknown is kept as written when it
/// fails, because the full evaluation might never reach it. As in the reference,
/// the data of entities missing from the store counts as unknown.
struct PartialEvaluator {
    enum Outcome {
        case value(Value)
        case residual(Expr)
    }

    enum PolicyOutcome {
        case satisfied
        case notSatisfied
        case failed(EvaluationError)
        case residual(Expr)
    }

    let unknowns: Set<Var>
    let concrete: Evaluator

    init(request: PartialRequest, entities: Entities) {
        unknowns = request.unknowns
        // Placeholders are never read: only expressions without unknown variables reach `concrete`.
        let placeholder = EntityUID(type: Name(id: "Unknown"), id: "")
        concrete = Evaluator(request: Request(principal: request.principal ?? placeholder, action: request.action,
                                              resource: request.resource ?? placeholder, context: request.context ?? [:]),
                             entities: entities)
    }

    /// The policy as one conjunction in the full evaluator's order: principal,
    /// action and resource scope, then each condition (`unless` negated).
    func outcome(of policy: Policy) -> PolicyOutcome {
        var parts: [Expr] = [
            Self.scope(.principal, policy.principal),
            Self.action(policy.action),
            Self.scope(.resource, policy.resource),
        ]
        for c in policy.conditions { parts.append(c.kind == .when ? c.body : .unary(.not, c.body)) }
        var residual: [Expr] = []
        for (i, part) in parts.enumerated() {
            let outcome: Outcome
            if residual.isEmpty {
                do { outcome = try evaluate(part) } catch { return .failed(error) }
            } else {
                outcome = soft(part)
            }
            switch outcome {
            case .value(.bool(true)):
                continue
            case .value(.bool(false)):
                if residual.isEmpty { return .notSatisfied }
                // Still an error, not a plain no, when an earlier residual part fails.
                residual.append(.literal(.bool(false)))
            case let .value(v):
                if residual.isEmpty { return .failed(.typeError(expected: "bool", actual: v.typeName)) }
                residual.append(part)
            case let .residual(e):
                residual.append(e)
            }
        }
        guard let first = residual.first else { return .satisfied }
        // `true && r` keeps the full evaluator's check that `r` is a boolean.
        return .residual(residual.dropFirst().reduce(.and(.literal(.bool(true)), first)) { .and($0, $1) })
    }

    static func scope(_ v: Var, _ c: ScopeConstraint) -> Expr {
        func target(_ r: EntityReference) -> Expr {
            switch r {
            case let .entity(u): return .literal(.entity(u))
            case let .slot(s): return .slot(s)
            }
        }
        switch c {
        case .any: return .literal(.bool(true))
        case let .eq(r): return .binary(.eq, .variable(v), target(r))
        case let .in(r): return .binary(.in, .variable(v), target(r))
        case let .is(t): return .isType(.variable(v), t, in: nil)
        case let .isIn(t, r): return .isType(.variable(v), t, in: target(r))
        }
    }

    static func action(_ c: ActionConstraint) -> Expr {
        switch c {
        case .any: return .literal(.bool(true))
        case let .eq(a): return .binary(.eq, .variable(.action), .literal(.entity(a)))
        case let .in(a): return .binary(.in, .variable(.action), .literal(.entity(a)))
        case let .inSet(list): return .binary(.in, .variable(.action), .set(list.map { .literal(.entity($0)) }))
        }
    }

    /// Evaluation where a failure is kept as the expression itself (it may never run).
    func soft(_ e: Expr) -> Outcome {
        do { return try evaluate(e) } catch { return .residual(e) }
    }

    func evaluate(_ e: Expr) throws(EvaluationError) -> Outcome {
        switch e {
        case .literal, .slot:
            return .value(try concrete.evaluate(e))
        case let .variable(v):
            return unknowns.contains(v) ? .residual(e) : .value(try concrete.evaluate(e))
        case let .and(a, b), let .or(a, b):
            let isAnd: Bool
            if case .and = e { isAnd = true } else { isAnd = false }
            switch try evaluate(a) {
            case let .value(.bool(x)):
                if x != isAnd { return .value(.bool(x)) }
                switch try evaluate(b) {
                case let .value(.bool(y)): return .value(.bool(y))
                case let .value(v): throw .typeError(expected: "bool", actual: v.typeName)
                case let .residual(r): return .residual(isAnd ? .and(.literal(.bool(true)), r) : .or(.literal(.bool(false)), r))
                }
            case let .value(v):
                throw .typeError(expected: "bool", actual: v.typeName)
            case let .residual(ra):
                let rb = expr(soft(b))
                return .residual(isAnd ? .and(ra, rb) : .or(ra, rb))
            }
        case let .ifThenElse(c, t, f):
            switch try evaluate(c) {
            case let .value(.bool(x)): return try evaluate(x ? t : f)
            case let .value(v): throw .typeError(expected: "bool", actual: v.typeName)
            case let .residual(rc): return .residual(.ifThenElse(rc, then: expr(soft(t)), else: expr(soft(f))))
            }
        case let .unary(op, a):
            return try strict([a]) { .unary(op, $0[0]) }
        case let .binary(op, a, b):
            return try strict([a, b]) { .binary(op, $0[0], $0[1]) }
        case let .call(name, args):
            return try strict(args) { .call(name, $0) }
        case let .getAttr(a, attr):
            // A record literal's keys are known even when some of its values are not:
            // a missing key fails whatever the unknowns are (the reference leaves a present one open).
            // (`a` is evaluated once: nested records would otherwise be evaluated exponentially often.)
            let x = try evaluate(a)
            if case let .record(entries) = a, case let .residual(r) = x {
                guard entries.contains(where: { $0.key == attr }) else { throw .attributeNotFound(attr, on: "record") }
                return .residual(.getAttr(r, attr))
            }
            return try apply([x]) { .getAttr($0[0], attr) }
        case let .hasAttr(a, attr):
            let x = try evaluate(a)
            if case let .record(entries) = a, case .residual = x {
                return .value(.bool(entries.contains { $0.key == attr }))
            }
            return try apply([x]) { .hasAttr($0[0], attr) }
        case let .like(a, p):
            return try strict([a]) { .like($0[0], p) }
        case let .isType(a, t, container?):
            // `x is T in E` is `x is T && x in E`: a type mismatch never looks at `E`.
            let x = try evaluate(a)
            switch x {
            case let .value(.entity(u)) where u.type != t: return .value(.bool(false))
            case let .value(v): return try strict([.literal(v), container]) { .isType($0[0], t, in: $0[1]) }
            case let .residual(r): return .residual(.isType(r, t, in: expr(soft(container))))
            }
        case let .isType(a, t, nil):
            return try strict([a]) { .isType($0[0], t, in: nil) }
        case let .set(items):
            return try strict(items) { .set($0) }
        case let .record(entries):
            return try strict(entries.map(\.value)) { vs in .record(zip(entries, vs).map { RecordEntry(key: $0.key, value: $1) }) }
        }
    }

    /// An operator that evaluates all its operands, left to right: with every operand
    /// known, the concrete evaluator applies it; otherwise it is rebuilt over the residuals.
    private func strict(_ operands: [Expr], _ build: ([Expr]) -> Expr) throws(EvaluationError) -> Outcome {
        var outcomes: [Outcome] = []
        for o in operands { outcomes.append(try evaluate(o)) }
        return try apply(outcomes, build)
    }

    /// `strict` over operands already evaluated.
    private func apply(_ outcomes: [Outcome], _ build: ([Expr]) -> Expr) throws(EvaluationError) -> Outcome {
        var parts: [Expr] = []
        var known = true
        for out in outcomes {
            if case .residual = out { known = false }
            parts.append(expr(out))
        }
        let rebuilt = build(parts)
        guard known, !dependsOnMissingEntity(rebuilt) else { return .residual(rebuilt) }
        do { return .value(try concrete.evaluate(rebuilt)) } catch {
            // As in the reference, data of an entity missing from the store is unknown, not an error.
            if case .entityNotFound = error { return .residual(rebuilt) }
            throw error
        }
    }

    /// Hierarchy and attribute tests on an entity absent from the store: the full
    /// evaluator answers false, the reference's partial evaluator leaves them open.
    private func dependsOnMissingEntity(_ e: Expr) -> Bool {
        func missing(_ x: Expr) -> EntityUID? {
            guard case let .literal(.entity(u)) = x, concrete.entities[u] == nil else { return nil }
            return u
        }
        switch e {
        case let .binary(.in, a, b):
            guard let u = missing(a) else { return false }
            if case let .literal(.entity(v)) = b { return v != u }
            if case let .literal(.set(items)) = b { return !items.contains(.entity(u)) }
            return true
        case let .binary(.hasTag, a, _), let .hasAttr(a, _):
            return missing(a) != nil
        case let .isType(a, t, container?):
            guard let u = missing(a), u.type == t else { return false }
            return dependsOnMissingEntity(.binary(.in, a, container))
        default:
            return false
        }
    }

    func expr(_ o: Outcome) -> Expr {
        switch o {
        case let .value(v): return .literal(v)
        case let .residual(e): return e
        }
    }
}
