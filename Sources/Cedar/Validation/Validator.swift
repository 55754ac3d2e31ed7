/// Strict-mode policy validator: checks policies against a schema the way the
/// reference `cedar_policy_validator` does with `ValidationMode::Strict`.
///
/// ```swift
/// let schema = try Schema(parsing: schemaText)
/// let policies = try PolicySet(parsing: policyText)
/// let result = Validator(schema: schema).validate(policies)
/// if !result.isValid { for e in result.errors { print(e.policyID, e.kind, e.message) } }
/// ```
///
/// Validation is static: every policy (and template) is typechecked in every
/// request environment the schema allows (each action with each of its
/// principal and resource types), and a policy is invalid if any environment
/// yields an error. A policy that is `false` in every environment is still
/// valid but gets an `impossiblePolicy` warning, as in the reference.
///
/// Use `validate(text:)` to also get source locations for errors.
///
/// Agreement with the reference (cedarpy 4.12.2 / cedar-policy-core 4.12):
/// validity and the multiset of error messages agree on the whole generated
/// corpus and on 26,000 randomly generated policies, with these known
/// differences, none of which changes validity:
/// - the AST has no source spans, so locations are found by re-lexing the
///   text (first matching token, k-th match for the k-th error of a kind);
/// - errors in an expression that the reference's parser duplicates while
///   desugaring `e has a.b`, or in a parenthesised member chain `(a.b).c`,
///   may be counted differently (the reference counts by source span);
/// - an unsafe tag access whose tag expression itself is ill-typed prints
///   that expression slightly differently;
/// - the reference's confusable-string warnings (mixed scripts, bidi
///   characters) are not produced.
public struct Validator: Sendable {
    public let schema: Schema
    let info: ValidatorSchema

    public init(schema: Schema) {
        self.schema = schema
        self.info = ValidatorSchema(schema)
    }

    /// Validates static policies, templates and template links. With a `deadline`, checking stops once it
    /// has passed (looked at between request environments) and the result says `stoppedAtDeadline`.
    public func validate(_ policies: PolicySet, deadline: ContinuousClock.Instant? = nil) -> ValidationResult {
        LargeStack.run { validateOnCurrentThread(policies, deadline: deadline) }
    }

    private func validateOnCurrentThread(_ policies: PolicySet, deadline: ContinuousClock.Instant?) -> ValidationResult {
        var result = ValidationResult(errors: [], warnings: [], policyIDs: [])
        for p in Validator.sourceOrder(policies.policies + policies.templates) {
            result.policyIDs.append(p.id)
            guard let checked = validate(policy: p, deadline: deadline) else {
                result.stoppedAtDeadline = true
                return result
            }
            result.errors += checked.errors
            if checked.impossible {
                result.warnings.append(ValidationWarning(policyID: p.id, kind: .impossiblePolicy,
                                                         message: "for policy `\(p.id)`, policy is impossible: the policy expression evaluates to false for all valid requests"))
            }
        }
        for link in policies.links {
            guard let template = policies.templates.first(where: { $0.id == link.templateId }) else { continue }
            result.policyIDs.append(link.id)
            result.errors += validate(link: link, template: template)
        }
        return result
    }

    /// Static policies and templates in file order when they carry the
    /// parser's generated ids (`policy0`, `policy1`, …), else as given.
    private static func sourceOrder(_ ps: [Policy]) -> [Policy] {
        func number(_ id: String) -> Int? { id.hasPrefix("policy") ? Int(id.dropFirst("policy".count)) : nil }
        guard ps.allSatisfy({ number($0.id) != nil }) else { return ps }
        return ps.sorted { number($0.id)! < number($1.id)! }
    }

    /// Parses and validates policy text, attaching source locations to errors.
    /// Throws if the text does not parse.
    public func validate(text: String, deadline: ContinuousClock.Instant? = nil) throws(ParseError) -> ValidationResult {
        let policies = try PolicySet(parsing: text)
        var result = validate(policies, deadline: deadline)
        let locator = SourceLocator(text: text)
        // Errors come in source order per policy, so the k-th error with a given
        // anchor is placed at the k-th matching token.
        var seen: [String: Int] = [:]
        for i in result.errors.indices {
            let e = result.errors[i]
            let key = "\(e.policyID)|\(e.anchor)"
            result.errors[i].location = locator.locate(e.anchor, inPolicy: e.policyID, occurrence: seen[key, default: 0])
            seen[key, default: 0] += 1
        }
        for i in result.warnings.indices {
            result.warnings[i].location = locator.locate(.policy, inPolicy: result.warnings[i].policyID)
        }
        return result
    }

    /// Errors for one policy or template, and whether it is impossible; nil once `deadline` has passed.
    func validate(policy p: Policy, deadline: ContinuousClock.Instant?) -> (errors: [ValidationError], impossible: Bool)? {
        var errors = ScopeChecks(schema: info).check(p)
        let condition = Validator.condition(of: p)
        var allFalse = true
        // Errors are the same error when they have the same content and are
        // about the same expression, whichever environment found them.
        var seen = Set<ErrorIdentity>()
        for env in info.environments {
            if let deadline, ContinuousClock.now >= deadline { return nil }
            for linked in linkedEnvironments(env, p) {
                let tc = Typechecker(schema: info, env: linked, policyID: p.id)
                let answer = tc.expect(condition, [], .anyBool)
                if answer.type != .falseType { allFalse = false }
                for (i, e) in tc.errors.enumerated()
                where seen.insert(ErrorIdentity(kind: e.kind, message: e.message, help: e.help,
                                                position: tc.errorPositions[i], detail: tc.errorDetails[i])).inserted {
                    errors.append(e)
                }
            }
        }
        return (errors, allFalse)
    }

    private struct ErrorIdentity: Hashable {
        var kind: ValidationErrorKind
        var message: String
        var help: String?
        var position: [Int]
        var detail: String
    }

    /// A link is checked for undeclared slot entity types and for action
    /// applicability with its slots filled in.
    func validate(link: TemplateLink, template: Policy) -> [ValidationError] {
        var errors: [ValidationError] = []
        for slot in SlotId.allCases {
            guard let uid = link.values[slot], !info.isKnownEntityType(uid.type) else { continue }
            let suggestion = closestMatch(uid.type.qualified, among: info.entityTypeNames.map(\.qualified))
            errors.append(ValidationError(policyID: link.id, kind: .unrecognizedEntityType,
                                          message: "unrecognized entity type `\(uid.type)`",
                                          help: suggestion.map { "did you mean `\($0)`?" }))
        }
        let linked = template.instantiated(id: link.id, values: link.values)
        errors += ScopeChecks(schema: info).actionApplication(linked)
        return errors
    }

    /// For templates, one environment per possible type of each slot, limited
    /// by what the scope constraint allows (as the reference does).
    private func linkedEnvironments(_ env: RequestEnvironment, _ p: Policy) -> [RequestEnvironment] {
        func candidates(_ c: ScopeConstraint, _ slot: SlotId, _ varType: EntityType) -> [EntityType?] {
            guard p.slots.contains(slot) else { return [nil] }
            switch c {
            case .eq: return [varType]
            case .in, .isIn:
                return info.entityTypeNames.filter { (info.descendants[$0] ?? []).contains(varType) } + [varType]
            case .any, .is: return info.entityTypeNames
            }
        }
        var out: [RequestEnvironment] = []
        for ps in candidates(p.principal, .principal, env.principal) {
            for rs in candidates(p.resource, .resource, env.resource) {
                var e = env
                e.principalSlot = ps
                e.resourceSlot = rs
                out.append(e)
            }
        }
        return out
    }

    /// The policy as one expression: scope constraints and conditions joined
    /// by `&&`, nested to the right as the reference builds it, so that
    /// short-circuiting skips the same sub-expressions.
    static func condition(of p: Policy) -> Expr {
        func scope(_ c: ScopeConstraint, _ v: Var) -> Expr {
            func ref(_ r: EntityReference) -> Expr {
                switch r {
                case let .entity(u): return .literal(.entity(u))
                case let .slot(s): return .slot(s)
                }
            }
            switch c {
            case .any: return .literal(.bool(true))
            case let .eq(r): return .binary(.eq, .variable(v), ref(r))
            case let .in(r): return .binary(.in, .variable(v), ref(r))
            case let .is(t): return .isType(.variable(v), t, in: nil)
            case let .isIn(t, r): return .and(.isType(.variable(v), t, in: nil), .binary(.in, .variable(v), ref(r)))
            }
        }
        let action: Expr
        switch p.action {
        case .any: action = .literal(.bool(true))
        case let .eq(u): action = .binary(.eq, .variable(.action), .literal(.entity(u)))
        case let .in(u): action = .binary(.in, .variable(.action), .set([.literal(.entity(u))]))
        case let .inSet(us): action = .binary(.in, .variable(.action), .set(us.map { .literal(.entity($0)) }))
        }
        let conds = p.conditions.map { $0.kind == .when ? $0.body : Expr.unary(.not, $0.body) }
        var body: Expr = .literal(.bool(true))
        if var last = conds.last {
            for c in conds.dropLast().reversed() { last = .and(c, last) }
            body = last
        }
        return .and(scope(p.principal, .principal), .and(action, .and(scope(p.resource, .resource), body)))
    }
}
