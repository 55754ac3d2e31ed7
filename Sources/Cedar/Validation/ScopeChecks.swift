/// Checks done once per policy rather than per request environment (the
/// reference's `rbac.rs`): every entity type and action named in the policy
/// is declared, enumerated entities use declared ids, and some declared
/// action applies to the principal/resource types the scope allows.
struct ScopeChecks {
    let schema: ValidatorSchema

    /// Entity types named in the scope and in conditions (literals and `is`).
    func entityTypeNames(_ p: Policy) -> [EntityType] {
        var out: [EntityType] = []
        func scope(_ c: ScopeConstraint) {
            switch c {
            case .any: break
            case let .eq(r), let .in(r): if case let .entity(u) = r { out.append(u.type) }
            case let .is(t): out.append(t)
            case let .isIn(t, r):
                out.append(t)
                if case let .entity(u) = r { out.append(u.type) }
            }
        }
        scope(p.principal)
        out += actionUIDs(p.action).map(\.type)
        scope(p.resource)
        for c in p.conditions { ScopeChecks.walk(c.body) { e in
            if case let .literal(.entity(u)) = e { out.append(u.type) }
            if case let .isType(_, t, _) = e { out.append(t) }
        } }
        return out
    }

    /// Entity uid literals in the scope and conditions.
    func entityUIDs(_ p: Policy) -> [EntityUID] {
        var out: [EntityUID] = []
        func scope(_ c: ScopeConstraint) {
            switch c {
            case let .eq(.entity(u)), let .in(.entity(u)), let .isIn(_, .entity(u)): out.append(u)
            default: break
            }
        }
        scope(p.principal)
        out += actionUIDs(p.action)
        scope(p.resource)
        for c in p.conditions { ScopeChecks.walk(c.body) { e in
            if case let .literal(.entity(u)) = e { out.append(u) }
        } }
        return out
    }

    private func actionUIDs(_ a: ActionConstraint) -> [EntityUID] {
        switch a {
        case .any: return []
        case let .eq(u), let .in(u): return [u]
        case let .inSet(us): return us
        }
    }

    /// Visits every sub-expression (pre-order), iteratively so deep trees are safe.
    static func walk(_ root: Expr, _ visit: (Expr) -> Void) {
        var stack = [root]
        while let e = stack.popLast() {
            visit(e)
            switch e {
            case .literal, .variable, .slot: break
            case let .ifThenElse(a, b, c): stack += [c, b, a]
            case let .and(a, b), let .or(a, b), let .binary(_, a, b): stack += [b, a]
            case let .unary(_, a), let .getAttr(a, _), let .hasAttr(a, _), let .like(a, _): stack.append(a)
            case let .isType(a, _, i):
                // `x is T in E` is `(x is T) && (x in E)` in the reference, so `x` is visited twice.
                if let i { stack += [i, a] }
                stack.append(a)
            case let .call(_, args), let .set(args): stack += args.reversed()
            case let .record(entries): stack += entries.map(\.value).reversed()
            }
        }
    }

    func check(_ p: Policy) -> [ValidationError] {
        var errors: [ValidationError] = []
        for t in entityTypeNames(p) where !schema.isKnownEntityType(t) {
            let suggestion = closestMatch(t.qualified, among: schema.entityTypeNames.map(\.qualified))
            errors.append(ValidationError(policyID: p.id, kind: .unrecognizedEntityType,
                                          message: "unrecognized entity type `\(t)`",
                                          help: suggestion.map { "did you mean `\($0)`?" }, anchor: .entityType(t)))
        }
        let uids = entityUIDs(p)
        for u in uids where !u.isAction {
            if let choices = schema.schema.entityTypes[u.type]?.enumValues, !choices.contains(u.id) {
                var err = ValidationError(policyID: p.id, kind: .invalidEnumEntity, message: "",
                                          help: "valid entity eids: " + choices.map(rustQuoted).joined(separator: ", "), anchor: .entityUID(u))
                // The reference words this one "for policy `p`: …" (colon, not comma).
                err.message = "for policy `\(p.id)`: entity `\(u.rustDescription)` is of an enumerated entity type, but `\(rustQuoted(u.id))` is not declared as a valid eid"
                errors.append(err)
            }
        }
        for u in uids where u.isAction && schema.schema.actions[u] == nil {
            errors.append(ValidationError(policyID: p.id, kind: .unrecognizedActionId,
                                          message: "unrecognized action `\(u.rustDescription)`", help: actionHelp(u), anchor: .entityUID(u)))
        }
        errors += actionApplication(p)
        return errors
    }

    private func actionHelp(_ u: EntityUID) -> String? {
        let withType = "Action::\(u.id)", withQuotes = "Action::\"\(u.id)\""
        if let hit = schema.actionIDs.first(where: { $0.id.contains(withType) || $0.id.contains(withQuotes) }) {
            return "did you intend to include the type in action `\(hit.rustDescription)`?"
        }
        return closestMatch(u.id, among: schema.actionIDs.map(\.rustDescription)).map { "did you mean `\($0)`?" }
    }

    // MARK: - Action application

    /// Actions the action scope admits (undeclared ones contribute nothing).
    func actionsSatisfying(_ a: ActionConstraint) -> [EntityUID] {
        switch a {
        case .any: return schema.actionIDs
        case let .eq(u): return [u]
        case let .in(u): return schema.actionsIn([u]).map { Array($0) } ?? []
        case let .inSet(us): return schema.actionsIn(us).map { Array($0) } ?? []
        }
    }

    /// Entity types the principal or resource scope admits.
    func typesSatisfying(_ c: ScopeConstraint) -> Set<EntityType> {
        switch c {
        case .any, .eq(.slot), .in(.slot): return Set(schema.entityTypeNames)
        case let .eq(.entity(u)): return [u.type]
        case let .in(.entity(u)): return schema.entityTypesIn(u.type)
        case let .is(t), let .isIn(t, .slot): return schema.schema.entityTypes[t] != nil ? [t] : []
        case let .isIn(t, .entity(u)): return schema.entityTypesIn(u.type).filter { $0 == t }
        }
    }

    func actionApplication(_ p: Policy) -> [ValidationError] {
        let actions = actionsSatisfying(p.action).compactMap { schema.schema.actions[$0] }
        let principals = typesSatisfying(p.principal), resources = typesSatisfying(p.resource)
        let applies = actions.contains { a in
            !principals.isDisjoint(with: a.principalTypes) && !resources.isDisjoint(with: a.resourceTypes)
        }
        if applies { return [] }
        var help: [String] = []
        if inWouldFix(p.principal, actions, \.principalTypes) { help.append("try using `in` for the principal constraint") }
        if inWouldFix(p.resource, actions, \.resourceTypes) { help.append("try using `in` for the resource constraint") }
        return [ValidationError(policyID: p.id, kind: .invalidActionApplication,
                                message: "unable to find an applicable action given the policy scope constraints",
                                help: help.isEmpty ? nil : help.joined(separator: "; "), anchor: .policy)]
    }

    /// True when `principal == E` should have been `principal in E`: no action
    /// applies to E's type, but one applies to a descendant type of it.
    private func inWouldFix(_ c: ScopeConstraint, _ actions: [SchemaAction], _ types: KeyPath<SchemaAction, [EntityType]>) -> Bool {
        guard case let .eq(.entity(u)) = c else { return false }
        let noneEqual = !actions.contains { $0[keyPath: types].contains(u.type) }
        guard schema.schema.entityTypes[u.type] != nil else { return false }
        let desc = schema.descendants[u.type] ?? []
        return noneEqual && actions.contains { $0[keyPath: types].contains { desc.contains($0) } }
    }
}

/// The candidate with the smallest Levenshtein distance to `key` (the
/// reference's `fuzzy_search`: no threshold, first best wins).
func closestMatch(_ key: String, among candidates: [String]) -> String? {
    guard !key.isEmpty, !candidates.isEmpty else { return nil }
    var best: (Int, String)? = nil
    for c in candidates.sorted() {
        let d = levenshtein(Array(key), Array(c))
        if best == nil || d < best!.0 { best = (d, c) }
    }
    return best?.1
}

private func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
