/// Binary operators: equality, comparison, arithmetic, hierarchy membership,
/// set containment and tags. `!=`, `>` and `>=` are checked in the form the
/// reference parser desugars them to (`!(a == b)`, `b < a`, `b <= a`).
extension Typechecker {
    func typecheckBinary(_ e: Expr, _ op: BinaryOp, _ a: Expr, _ b: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        switch op {
        case .notEq: return typecheck(.unary(.not, .binary(.eq, a, b)), prior)
        case .greater: return typecheck(.binary(.less, b, a), prior)
        case .greaterEq: return typecheck(.binary(.lessEq, b, a), prior)
        case .eq:
            let l = typecheck(a, prior), r = typecheck(b, prior)
            let eqType = typeOfEquality(a, l.type, b, r.type)
            let out = strict ? enforceStrictEquality(eqType, l.type, r.type, context: LubContext.equality, at: e) : .success(eqType)
            return out.failing(if: l, r)
        case .less, .lessEq:
            return typecheckComparison(a, b, prior)
        case .add, .sub, .mul:
            let help: (ValidatorType) -> String? = { t in
                if op == .add && t == .string { return Help.concatenationNotSupported }
                if case .set = t { return Help.setOperationsNotSupported }
                return nil
            }
            let l = expect(a, prior, .long, help: help)
            let r = expect(b, prior, .long, help: help)
            return TypeAnswer.success(.long).failing(if: l, r)
        case .in:
            return typecheckIn(a, b, prior)
        case .contains:
            let l = expect(a, prior, .anySet, help: Typechecker.setHelp)
            let r = typecheck(b, prior)
            var out = TypeAnswer.success(.anyBool)
            if strict {
                var elem: ValidatorType? = nil
                if case let .set(t?)? = l.type { elem = t }
                out = enforceStrictEquality(.anyBool, elem, r.type, context: LubContext.contains, at: e)
            }
            return out.failing(if: l, r)
        case .containsAll, .containsAny:
            let l = expect(a, prior, .anySet, help: Typechecker.setHelp)
            let r = expect(b, prior, .anySet) { _ in Help.tryUsingSingleContains }
            var out = TypeAnswer.success(.anyBool)
            if strict { out = enforceStrictEquality(.anyBool, l.type, r.type, context: LubContext.containsAnyAll, at: e) }
            return out.failing(if: l, r)
        case .hasTag:
            let l = expect(a, prior, .anyEntity)
            let r = expect(b, prior, .string)
            guard let kind = l.type else { return TypeAnswer.fail(nil) }
            let cap = Capability.tag(a, b)
            let t: ValidatorType = tagTypes(kind).isEmpty ? .falseType : (prior.contains(cap) ? .trueType : .anyBool)
            return TypeAnswer.success(t, [cap]).failing(if: l, r)
        case .getTag:
            let l = expect(a, prior, .anyEntity)
            let r = expect(b, prior, .string)
            guard let kind = l.type else { return TypeAnswer.fail(nil) }
            guard prior.contains(.tag(a, b)) else {
                var on = ""
                if case let .entity(lub) = kind, lub.count == 1 { on = " on entity type `\(lub.first!)`" }
                let tag = ExprDescription.describe(b)
                report(.unsafeTagAccess, "unable to guarantee safety of access to tag `\(tag)`\(on)",
                       help: "try testing for the tag's presence with `.hasTag(\(tag)) && ..`", anchor: .token("getTag"),
                       detail: typedDetail(b, r.type))
                return .fail(nil)
            }
            let tags = tagTypes(kind)
            if tags.isEmpty {
                var which = "this type"
                if case let .entity(lub) = kind, lub.count == 1 { which = "type `\(lub.first!)`" }
                report(.noTagsAllowed,
                       "`.getTag()` is not allowed on entities of \(which) because no `tags` were declared on the entity type in the schema",
                       anchor: .token("getTag"))
                return .fail(nil)
            }
            let sortedTags = tags.sorted { $0.description < $1.description }
            switch ValidatorType.reduceLub(sortedTags, strict: strict) {
            case let .success(t): return TypeAnswer.success(t).failing(if: l, r)
            case let .failure(h):
                reportIncompatible(sortedTags, h, LubContext.getTag, at: e)
                return .fail(nil)
            }
        }
    }

    /// Approximates the identity of a typed expression (the reference's unsafe
    /// tag access error carries the typed tag): its type plus the types of the
    /// request variables it mentions, which determine all inner types.
    private func typedDetail(_ e: Expr, _ type: ValidatorType?) -> String {
        // A failed expected-type check erases the top node's type, so a bare
        // variable that is not a string carries no environment information.
        if case .variable = e, type == nil { return "-" }
        var vars = Set<String>()
        ScopeChecks.walk(e) { sub in
            switch sub {
            case .variable(.principal): vars.insert("p:\(env.principal)")
            case .variable(.resource): vars.insert("r:\(env.resource)")
            case .variable(.action): vars.insert("a:\(env.action.type)")
            case .variable(.context): vars.insert("c:\(env.context)")
            default: break
            }
        }
        return (type.map(\.description) ?? "-") + "|" + vars.sorted().joined(separator: "|")
    }

    static func setHelp(_ t: ValidatorType) -> String? {
        switch t {
        case .entity, .anyEntity: return Help.tryUsingIn
        case .record: return Help.tryUsingHas
        case .string: return Help.tryUsingLike
        default: return nil
        }
    }

    /// In strict mode operands compared for equality (or containment) must
    /// have a least upper bound, unless the comparison is already known to be
    /// `true` or `false`.
    private func enforceStrictEquality(_ result: ValidatorType, _ lhs: ValidatorType?, _ rhs: ValidatorType?,
                                       context: String, at e: Expr) -> TypeAnswer {
        if result == .trueType || result == .falseType { return .success(result) }
        guard let lhs, let rhs else { return .success(result) }
        if case let .failure(h) = ValidatorType.leastUpperBound(lhs, rhs, strict: strict) {
            reportIncompatible([lhs, rhs], h, context, at: e)
            return .fail(result)
        }
        return .success(result)
    }

    /// `False` for provably different entity types, a singleton for two
    /// literals (with `action` read as the environment's action), else `Bool`.
    private func typeOfEquality(_ a: Expr, _ lt: ValidatorType?, _ b: Expr, _ rt: ValidatorType?) -> ValidatorType {
        if let lt, let rt, ValidatorType.areDisjoint(lt, rt) { return .falseType }
        if case let .literal(x) = replacingActionVariable(a), case let .literal(y) = replacingActionVariable(b) {
            return .singleton(x == y)
        }
        return .anyBool
    }

    func replacingActionVariable(_ e: Expr) -> Expr {
        if case .variable(.action) = e { return .literal(.entity(env.action)) }
        return e
    }

    private func isComparable(_ t: ValidatorType) -> Bool {
        switch t {
        case .long: return true
        case let .extension(n): return ExtensionSignature.comparableTypes.contains(n)
        default: return false
        }
    }

    private func typecheckComparison(_ a: Expr, _ b: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let l = typecheck(a, prior)
        let lKey = lastChildKey
        let r = typecheck(b, prior)
        let rKey = lastChildKey
        let allComparable = ExtensionSignature.comparableTypes.map { ValidatorType.extension($0) } + [.long]
        let ok = TypeAnswer.success(.anyBool).failing(if: l, r)
        let bad = TypeAnswer.fail(.anyBool)
        guard let t1 = l.type, let t2 = r.type else { return bad }
        func unexpected(_ expected: [ValidatorType], _ actual: ValidatorType, _ at: Expr) {
            reportUnexpected(expected, actual, help: nil, at: at, key: at == a ? lKey : rKey)
        }
        switch (t1, t2) {
        case (.never, .never): return bad
        case (.never, _):
            if isComparable(t2) { return ok }
            unexpected(allComparable, t2, b)
            return bad
        case (_, .never):
            if isComparable(t1) { return ok }
            unexpected(allComparable, t1, a)
            return bad
        default: break
        }
        if t1 == t2 && isComparable(t1) { return ok }
        if t1 == .long { unexpected([.long], t2, b); return bad }
        if t2 == .long { unexpected([.long], t1, a); return bad }
        if isComparable(t1) { unexpected([t1], t2, b); return bad }
        if isComparable(t2) { unexpected([t2], t1, a); return bad }
        unexpected(allComparable, t1, a)
        unexpected(allComparable, t2, b)
        return bad
    }

    /// Tag types of the entity types `kind` may be (all declared tag types for `AnyEntity`).
    private func tagTypes(_ kind: ValidatorType) -> Set<ValidatorType> {
        switch kind {
        case let .entity(lub): return Set(lub.compactMap { schema.tagTypes[$0] })
        case .anyEntity: return Set(schema.tagTypes.values)
        default: return []
        }
    }

    // MARK: - `in`

    private func typecheckIn(_ a: Expr, _ b: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let l = expect(a, prior, .anyEntity) { _ in Help.tryUsingContains }
        let r = expect(b, prior, [.set(.anyEntity), .anyEntity]) { t in
            if case .set = t { return Help.tryUsingContains }
            return t == .string ? Help.tryUsingLike : nil
        }
        guard l.ok && r.ok else { return .fail(.anyBool) }
        if let lhs = euidOrAction(a), lhs.isAction, let rhs = euidsOrActions(b) {
            let rhsActions = rhs.filter(\.isAction)
            if rhsActions.isEmpty { return .success(.falseType) }
            guard let members = schema.actionsIn(rhsActions) else { return .fail(.anyBool) }
            return .success(.singleton(members.contains(lhs)))
        }
        var lhsTypes: Set<EntityType>? = nil
        if case let .entity(lub)? = l.type { lhsTypes = lub }
        var rhsTypes: Set<EntityType>? = nil
        switch r.type {
        case let .entity(lub)?: rhsTypes = lub
        case let .set(.entity(lub)?)?: rhsTypes = lub
        default: break
        }
        if let lhsTypes, let rhsTypes, !anyDescendant(lhsTypes, of: rhsTypes) { return .success(.falseType) }
        return .success(.anyBool)
    }

    private func euidOrAction(_ e: Expr) -> EntityUID? {
        if case let .literal(.entity(uid)) = replacingActionVariable(e) { return uid }
        return nil
    }

    private func euidsOrActions(_ e: Expr) -> [EntityUID]? {
        if let u = euidOrAction(e) { return [u] }
        if case let .set(items) = e {
            var out: [EntityUID] = []
            for i in items {
                guard let u = euidOrAction(i) else { return nil }
                out.append(u)
            }
            return out
        }
        return nil
    }

    /// Whether some type in `lhs` can be a descendant of (or equal to) some type
    /// in `rhs`, in the entity hierarchy or the action hierarchy.
    private func anyDescendant(_ lhs: Set<EntityType>, of rhs: Set<EntityType>) -> Bool {
        lhs.contains { l in
            rhs.contains { r in
                if schema.entityTypesIn(r).contains(l) || l == r { return true }
                return schema.actionIDs.contains { action in
                    action.type == r && (schema.actionDescendants[action] ?? []).contains { $0.type == l }
                }
            }
        }
    }
}
