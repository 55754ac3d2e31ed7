/// Typechecks expressions in one request environment, following the reference
/// validator's `SingleEnvTypechecker` rule for rule, so that the same errors
/// arise in the same situations. It collects errors instead of stopping at the
/// first, and keeps going after a failure using a recovery type, as the
/// reference does.
///
/// A class because the error list is appended to from deep recursion; an
/// instance lives only for one policy in one environment.
final class Typechecker {
    let schema: ValidatorSchema
    let env: RequestEnvironment
    let policyID: String
    let strict: Bool
    private(set) var errors: [ValidationError] = []
    /// For each error, a stand-in for the source location of the expression
    /// it is about. The reference deduplicates errors across environments by
    /// source location; these keys play that role (see `Frame.locationKey`).
    private(set) var errorPositions: [[Int]] = []
    /// Extra identity for errors whose reference counterpart embeds a typed
    /// expression (unsafe tag access carries the typed tag expression).
    private(set) var errorDetails: [String] = []
    /// One expression being checked. `position` is its path of child indices
    /// from the root; `locationKey` identifies its source span: the position,
    /// except that nodes the reference gives the span of an enclosing node
    /// (a member-access chain `a.b.c()`, a chain `a && b && c`, `a + b - c`,
    /// `!!a`) share that node's key.
    private struct Frame {
        var node: Expr?
        /// The position with `aliases` applied, worked out once from the parent's, so a deep expression
        /// costs one lookup per node rather than one per prefix (which made long `&&` chains cubic).
        var position: [Int]
        var locationKey: [Int]
        var childCount = 0
        var lastChildKey: [Int] = []
    }
    private var frames: [Frame] = [Frame(node: nil, position: [], locationKey: [])]
    private var position: [Int] { frames[frames.count - 1].position }
    /// Set just before a call to give the next child an explicit index
    /// (`if` branches keep their indices whichever branch is skipped).
    private var nextChildIndex: Int? = nil
    /// Positions that denote the same source expression (the operand of
    /// `x is T in E` occurs twice after desugaring but once in the source).
    /// Keys and targets are canonical positions (aliases already applied above them).
    private var aliases: [[Int]: [Int]] = [:]

    init(schema: ValidatorSchema, env: RequestEnvironment, policyID: String, strict: Bool = true) {
        self.schema = schema
        self.env = env
        self.policyID = policyID
        self.strict = strict
    }

    // MARK: - Errors

    /// Records an error about the current expression, or about its child
    /// number `child` (the last child checked is `lastChild`).
    func report(_ kind: ValidationErrorKind, _ message: String, help: String? = nil, anchor: LocationAnchor = .policy,
                key: [Int]? = nil, detail: String = "") {
        append(ValidationError(policyID: policyID, kind: kind, message: message, help: help, anchor: anchor), key: key, detail: detail)
    }

    private func append(_ error: ValidationError, key: [Int]? = nil, detail: String = "") {
        errors.append(error)
        errorDetails.append(detail)
        errorPositions.append(key ?? frames[frames.count - 1].locationKey)
    }

    /// Location key of the child expression checked most recently.
    var lastChildKey: [Int] { frames[frames.count - 1].lastChildKey }

    /// Whether the reference gives `child` (child number `index` of `parent`)
    /// the same source span as `parent`.
    private static func sharesLocation(_ parent: Expr?, _ child: Expr, _ index: Int) -> Bool {
        guard let parent, index == 0 else { return false }
        func isMember(_ e: Expr) -> Bool {
            switch e {
            case .getAttr, .unary(.isEmpty, _): return true
            case let .binary(op, _, _): return op.isMethod
            case let .call(n, args): return !args.isEmpty && Parser.extensionMethods.contains(n.id)
            default: return false
            }
        }
        if isMember(parent) && isMember(child) { return true }
        switch (parent, child) {
        case (.and, .and), (.or, .or), (.unary(.not, _), .unary(.not, _)), (.unary(.neg, _), .unary(.neg, _)):
            return true
        case let (.binary(p, _, _), .binary(c, _, _)):
            return ([.add, .sub].contains(p) && [.add, .sub].contains(c)) || (p == .mul && c == .mul)
        default:
            return false
        }
    }

    /// The canonical position of child `index` of a node at canonical position `parent`: every prefix of
    /// `parent` is already rewritten, so only the whole path can still be an alias.
    private func canonical(child index: Int, of parent: [Int]) -> [Int] {
        var p = parent
        p.append(index)
        while !aliases.isEmpty, let target = aliases[p] { p = target }
        return p
    }

    func reportUnexpected(_ expected: [ValidatorType], _ actual: ValidatorType, help: String?, at e: Expr, key: [Int]) {
        let exp = expected.count == 1 ? expected[0].description : expected.map(\.description).joined(separator: ", or ")
        report(.unexpectedType, "unexpected type: expected \(exp) but saw \(actual)", help: help, anchor: Typechecker.anchor(of: e), key: key)
    }

    func reportIncompatible(_ types: [ValidatorType], _ hint: LubHint, _ context: String, at e: Expr) {
        var unique: [ValidatorType] = []
        for t in types where !unique.contains(t) { unique.append(t) }
        let names = unique.sorted { ValidatorType.referenceCompare($0, $1) < 0 }.map(\.description)
        let list: String
        switch names.count {
        case 0, 1: list = names.first ?? ""
        case 2: list = "\(names[0]) and \(names[1])"
        default: list = names.dropLast().joined(separator: ", ") + ", and " + names.last!
        }
        // The reference prints this message without the "for policy" prefix (it is in the help).
        var err = ValidationError(policyID: policyID, kind: .incompatibleTypes, message: "", anchor: Typechecker.anchor(of: e))
        err.message = "the types \(list) are not compatible"
        err.help = "for policy `\(policyID)`, \(context) must have compatible types. \(hint)"
        append(err)
    }

    /// A best-effort source anchor for an expression.
    static func anchor(of e: Expr) -> LocationAnchor {
        switch e {
        case let .getAttr(_, a), let .hasAttr(_, a): return .attribute(a)
        case let .call(n, _): return .function(n.id)
        case let .literal(.entity(uid)): return .entityUID(uid)
        case .set([]): return .emptySet
        case let .binary(op, _, _): return .token(op.rawValue)
        case .ifThenElse: return .token("if")
        case let .variable(v): return .token(v.rawValue)
        case let .isType(_, t, _): return .entityType(t)
        case .like: return .token("like")
        default: return .policy
        }
    }

    // MARK: - Expected types

    /// Typechecks `e` and checks it against `expected` using permissive
    /// subtyping (as the reference does even in strict mode). On a mismatch the
    /// answer fails with no type.
    func expect(_ e: Expr, _ prior: Set<Capability>, _ expected: [ValidatorType],
                help: (ValidatorType) -> String? = { _ in nil }) -> TypeAnswer {
        let a = typecheck(e, prior)
        guard let t = a.type else { return .fail(nil) }
        if !expected.contains(where: { ValidatorType.isSubtype(t, $0, strict: false) }) {
            reportUnexpected(expected, t, help: help(t), at: e, key: lastChildKey)
            return .fail(nil)
        }
        return a
    }

    func expect(_ e: Expr, _ prior: Set<Capability>, _ expected: ValidatorType,
                help: (ValidatorType) -> String? = { _ in nil }) -> TypeAnswer {
        expect(e, prior, [expected], help: help)
    }

    /// Least upper bound of answer types; nil (and an error when the types are
    /// known but incompatible) when there is none.
    func lubOrError(_ types: [ValidatorType?], context: String, at e: Expr) -> ValidatorType? {
        let known = types.compactMap { $0 }
        guard known.count == types.count else { return nil }
        switch ValidatorType.reduceLub(known, strict: strict) {
        case let .success(t): return t
        case let .failure(h):
            reportIncompatible(known, h, context, at: e)
            return nil
        }
    }

    // MARK: - Expressions

    func typecheck(_ e: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let parent = frames.count - 1
        let index = nextChildIndex ?? frames[parent].childCount
        nextChildIndex = nil
        frames[parent].childCount += 1
        let childPosition = canonical(child: index, of: frames[parent].position)
        let key = Typechecker.sharesLocation(frames[parent].node, e, index) ? frames[parent].locationKey : childPosition
        frames.append(Frame(node: e, position: childPosition, locationKey: key))
        defer {
            frames.removeLast()
            frames[frames.count - 1].lastChildKey = key
        }
        return typecheckNode(e, prior)
    }

    /// Checks `e` in a given child slot of the current expression.
    private func typecheck(_ e: Expr, _ prior: Set<Capability>, child: Int) -> TypeAnswer {
        nextChildIndex = child
        return typecheck(e, prior)
    }

    private func expect(_ e: Expr, _ prior: Set<Capability>, _ expected: ValidatorType, child: Int) -> TypeAnswer {
        nextChildIndex = child
        return expect(e, prior, expected)
    }

    private func typecheckNode(_ e: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        switch e {
        case let .literal(v):
            switch v {
            case let .bool(b): return .success(.singleton(b))
            case .long: return .success(.long)
            case .string: return .success(.string)
            case let .entity(uid):
                // Undeclared types and actions are reported by the scope/literal pass.
                if let t = schema.typeOfLiteral(uid) { return .success(t) }
                return .fail(nil)
            case .set, .record, .ext: return .fail(nil)
            }
        case let .variable(v):
            switch v {
            case .principal: return .success(.entityType(env.principal))
            case .resource: return .success(.entityType(env.resource))
            case .action: return .success(.entityType(env.action.type))
            case .context: return .success(env.context)
            }
        case let .slot(s):
            let linked = s == .principal ? env.principalSlot : env.resourceSlot
            return .success(linked.map { .entityType($0) } ?? .anyEntity)
        case let .ifThenElse(c, t, f):
            return typecheckIf(e, c, t, f, prior)
        case let .and(l, r):
            return typecheckAnd(l, r, prior)
        case let .or(l, r):
            return typecheckOr(l, r, prior)
        case let .unary(op, a):
            return typecheckUnary(op, a, prior)
        case let .binary(op, a, b):
            return typecheckBinary(e, op, a, b, prior)
        case let .call(name, args):
            return typecheckCall(e, name, args, prior)
        case let .getAttr(x, attr):
            return typecheckGetAttr(x, attr, prior)
        case let .hasAttr(x, attr):
            return typecheckHasAttr(x, attr, prior)
        case let .like(x, _):
            let a = expect(x, prior, .string) { t in
                if case .entity = t { return Help.tryUsingIs }
                if case .anyEntity = t { return Help.tryUsingIs }
                return nil
            }
            return TypeAnswer.success(.anyBool).failing(if: a)
        case let .isType(x, t, inExpr):
            // `e is T in E` means `(e is T) && (e in E)`, as the reference desugars it.
            if let inExpr {
                // Positions below: the `&&` is child 0 here, `is` its child 0, `in` its child 1.
                aliases[position + [0, 1, 0]] = position + [0, 0, 0]
                return typecheck(.and(.isType(x, t, in: nil), .binary(.in, x, inExpr)), prior)
            }
            return typecheckIs(x, t, prior)
        case let .set(elements):
            let answers = elements.map { typecheck($0, prior) }
            let lub = lubOrError(answers.map(\.type), context: LubContext.set, at: e)
            if strict && elements.isEmpty {
                report(.emptySetForbidden, "empty set literals are forbidden in policies", anchor: .emptySet)
                return .fail(nil)
            }
            guard let lub else { return .fail(nil) }
            var out = TypeAnswer.success(.set(lub))
            if answers.contains(where: { !$0.ok }) { out = out.failing(if: .fail(nil)) }
            return out
        case let .record(entries):
            let answers = entries.map { typecheck($0.value, prior) }
            var attrs: [String: ValidatorType.AttributeType] = [:]
            for (entry, a) in zip(entries, answers) {
                guard let t = a.type else { return .fail(nil) }
                attrs[entry.key] = .init(t, isRequired: true)
            }
            let out = TypeAnswer.success(.record(attrs, open: false))
            return answers.contains(where: { !$0.ok }) ? out.failing(if: .fail(nil)) : out
        }
    }

    private func typecheckIf(_ e: Expr, _ c: Expr, _ t: Expr, _ f: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let test = expect(c, prior, .anyBool, child: 0)
        let testCaps = test.usableCapabilities
        if test.type == .trueType {
            let th = typecheck(t, prior.union(testCaps), child: 1)
            return TypeAnswer.success(th.type, th.usableCapabilities.union(testCaps)).failing(if: th, test)
        }
        if test.type == .falseType {
            let el = typecheck(f, prior, child: 2)
            return TypeAnswer.success(el.type, el.usableCapabilities).failing(if: el, test)
        }
        let th = typecheck(t, prior.union(testCaps), child: 1)
        let thenCaps = th.usableCapabilities.union(th.ok ? testCaps : [])
        let el = typecheck(f, prior, child: 2)
        guard let lub = lubOrError([th.type, el.type], context: LubContext.conditional, at: e) else { return .fail(nil) }
        return TypeAnswer.success(lub, el.usableCapabilities.intersection(thenCaps)).failing(if: th, el, test)
    }

    private func typecheckAnd(_ l: Expr, _ r: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let left = expect(l, prior, .anyBool)
        if left.type == .falseType { return TypeAnswer.success(.falseType).failing(if: left) }
        let leftCaps = left.usableCapabilities
        let right = expect(r, prior.union(leftCaps), .anyBool)
        let rightCaps = right.usableCapabilities
        let out: TypeAnswer
        switch (left.type, right.type) {
        case (_?, .bool(.false)?): out = .success(.falseType)
        case (_?, .bool(.true)?): out = .success(left.type, leftCaps.union(rightCaps))
        case (.bool(.true)?, _?): out = .success(right.type, rightCaps)
        case (_?, _?): out = .success(.anyBool, leftCaps.union(rightCaps))
        default: out = .fail(.anyBool)
        }
        return out.failing(if: left, right)
    }

    private func typecheckOr(_ l: Expr, _ r: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        let left = expect(l, prior, .anyBool)
        if left.type == .trueType { return TypeAnswer.success(.trueType, left.usableCapabilities).failing(if: left) }
        let right = expect(r, prior, .anyBool)
        let out: TypeAnswer
        switch (left.type, right.type) {
        case (_?, .bool(.true)?): out = .success(.trueType, right.usableCapabilities)
        case let (lt?, .bool(.false)?): out = .success(lt, left.usableCapabilities)
        case let (.bool(.false)?, rt?): out = .success(rt, right.usableCapabilities)
        case (_?, _?): out = .success(.anyBool, left.usableCapabilities.intersection(right.usableCapabilities))
        default: out = .fail(.anyBool)
        }
        return out.failing(if: left, right)
    }

    private func typecheckUnary(_ op: UnaryOp, _ a: Expr, _ prior: Set<Capability>) -> TypeAnswer {
        switch op {
        case .not:
            let arg = expect(a, prior, .anyBool)
            guard let t = arg.type else { return .fail(.anyBool) }
            let result: ValidatorType = t == .trueType ? .falseType : (t == .falseType ? .trueType : .anyBool)
            return TypeAnswer.success(result).failing(if: arg)
        case .neg:
            let arg = expect(a, prior, .long)
            return TypeAnswer.success(.long).failing(if: arg)
        case .isEmpty:
            let arg = expect(a, prior, .anySet) { $0 == .string ? Help.tryUsingEqEmptyString : nil }
            return TypeAnswer.success(.anyBool).failing(if: arg)
        }
    }

    private func typecheckIs(_ x: Expr, _ t: EntityType, _ prior: Set<Capability>) -> TypeAnswer {
        let a = expect(x, prior, .anyEntity) { _ in Help.typeTestNotSupported }
        switch a.type {
        case let .entity(lub)?:
            let result: ValidatorType = !lub.contains(t) ? .falseType : (lub == [t] ? .trueType : .anyBool)
            return TypeAnswer.success(result).failing(if: a)
        case .anyEntity?:
            return TypeAnswer.success(.anyBool).failing(if: a)
        default:
            return .fail(.anyBool)
        }
    }

    // MARK: - Attributes

    func lookupAttribute(_ t: ValidatorType, _ attr: String) -> ValidatorType.AttributeType? {
        switch t {
        case let .record(attrs, _): return attrs[attr]
        case let .entity(lub): return schema.attributes(of: lub)[attr]
        default: return nil
        }
    }

    func allAttributes(_ t: ValidatorType) -> [String] {
        switch t {
        case let .record(attrs, _): return Array(attrs.keys)
        case let .entity(lub): return Array(schema.attributes(of: lub).keys)
        default: return []
        }
    }

    /// Whether a value of type `t` might have attribute `attr` (entity types
    /// unknown to the schema and open records might have any attribute).
    func mayHaveAttribute(_ t: ValidatorType, _ attr: String) -> Bool {
        switch t {
        case .never, .anyEntity: return true
        case let .entity(lub):
            if lub.contains(where: { !$0.isActionType && schema.schema.entityTypes[$0] == nil }) { return true }
            return lub.contains { schema.attributes[$0]?[attr] != nil }
        case let .record(attrs, open): return open || attrs[attr] != nil
        default: return false
        }
    }

    private func accessPath(receiver x: Expr, type: ValidatorType, answer: TypeAnswer, attr: String) -> AttributeAccessPath {
        if case let .entity(lub) = type { return AttributeAccessPath(base: .entity(lub), attributes: [attr]) }
        if case .variable(.context) = x { return AttributeAccessPath(base: .context(env.action), attributes: [attr]) }
        if case .getAttr = x, var p = answer.access {
            p.attributes.append(attr)
            return p
        }
        return AttributeAccessPath(base: .other, attributes: [attr])
    }

    private func typecheckGetAttr(_ x: Expr, _ attr: String, _ prior: Set<Capability>) -> TypeAnswer {
        let receiver = expect(x, prior, [.anyEntity, .anyRecord])
        guard let rt = receiver.type else { return .fail(nil) }
        let path = accessPath(receiver: x, type: rt, answer: receiver, attr: attr)
        var out: TypeAnswer
        if let at = lookupAttribute(rt, attr) {
            if at.isRequired || prior.contains(.attribute(x, attr)) {
                out = TypeAnswer.success(at.type).failing(if: receiver)
            } else {
                report(.unsafeOptionalAttributeAccess, "unable to guarantee safety of access to optional attribute \(path.description)",
                       help: "try testing for the attribute's presence with `\(path.suggestedGuard) && ..`", anchor: .attribute(attr))
                out = .fail(at.type)
            }
        } else {
            let suggestion = closestMatch(attr, among: allAttributes(rt))
            let may = mayHaveAttribute(rt, attr)
            let help: String?
            switch (suggestion, may) {
            case let (s?, false): help = "did you mean `\(s)`?"
            case (nil, true): help = "there may be additional attributes that the validator is not able to reason about"
            case let (s?, true): help = "did you mean `\(s)`? (there may also be additional attributes that the validator is not able to reason about)"
            case (nil, false): help = nil
            }
            report(.unsafeAttributeAccess, "attribute \(path.description) not found", help: help, anchor: .attribute(attr))
            out = .fail(nil)
        }
        out.access = path
        return out
    }

    private func typecheckHasAttr(_ x: Expr, _ attr: String, _ prior: Set<Capability>) -> TypeAnswer {
        let receiver = expect(x, prior, [.anyEntity, .anyRecord]) { t in
            if case .set = t { return Help.tryUsingContains }
            return t == .string ? Help.tryUsingLike : nil
        }
        guard let rt = receiver.type else { return .fail(.anyBool) }
        let cap = Capability.attribute(x, attr)
        let out: TypeAnswer
        if let at = lookupAttribute(rt, attr) {
            let isRecord: Bool
            if case .record = rt { isRecord = true } else { isRecord = false }
            let known = prior.contains(cap) || (at.isRequired && isRecord)
            out = .success(known ? .trueType : .anyBool, [cap])
        } else {
            out = .success(mayHaveAttribute(rt, attr) ? .anyBool : .falseType)
        }
        return out.failing(if: receiver)
    }

    // MARK: - Extension functions

    private func typecheckCall(_ e: Expr, _ name: Name, _ args: [Expr], _ prior: Set<Capability>) -> TypeAnswer {
        guard let sig = ExtensionSignature.lookup(name) else {
            report(.undefinedFunction, "undefined extension function: \(name)", anchor: .function(name.id))
            for a in args { _ = typecheck(a, prior) }
            return .fail(nil)
        }
        var failed = false
        if args.count != sig.arguments.count {
            report(.wrongNumberArguments,
                   "wrong number of arguments in extension function application. Expected \(sig.arguments.count), got \(args.count)",
                   anchor: .function(name.id))
            failed = true
        }
        if let problem = sig.argumentProblem(args) {
            report(.functionArgumentValidation, "error during extension function argument validation: \(problem)", anchor: .function(name.id))
            failed = true
        }
        if strict && sig.constructorCheck != nil && !args.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
            report(.nonLitExtConstructor, "extension constructors may not be called with non-literal expressions",
                   help: "consider applying extension constructors inside attribute values when constructing entity or context data",
                   anchor: .function(name.id))
            failed = true
        }
        if failed {
            for a in args { _ = typecheck(a, prior) }
            return .fail(sig.result)
        }
        var out = TypeAnswer.success(sig.result)
        for (a, t) in zip(args, sig.arguments) {
            let ans = expect(a, prior, t)
            out = out.failing(if: ans)
        }
        return out
    }
}

/// Help texts of the reference's `UnexpectedTypeHelp`.
enum Help {
    static let tryUsingLike = "try using `like` to examine the contents of a string"
    static let tryUsingContains = "try using `contains`, `containsAny`, or `containsAll` to examine the contents of a set"
    static let tryUsingSingleContains = "try using `contains` to test if a single element is in a set"
    static let tryUsingHas = "try using `has` to test for an attribute"
    static let tryUsingIs = "try using `is` to test for an entity type"
    static let tryUsingIn = "try using `in` for entity hierarchy membership"
    static let tryUsingEqEmptyString = "try using `== \"\"` to test if a string is empty"
    static let typeTestNotSupported = "Cedar only supports run time type tests for entities"
    static let concatenationNotSupported = "Cedar does not support string concatenation"
    static let setOperationsNotSupported = "Cedar does not support computing the union, intersection, or difference of sets"
}

/// Contexts named in incompatible-types help (the reference's `LubContext`).
enum LubContext {
    static let set = "elements of a set"
    static let conditional = "both branches of a conditional"
    static let equality = "both operands to a `==` expression"
    static let contains = "elements of the first operand and the second operand to a `contains` expression"
    static let containsAnyAll = "elements of both set operands to a `containsAll` or `containsAny` expression"
    static let getTag = "tag types for a `.getTag()` operation"
}

extension Name {
    /// True for `Action` and `NS::Action`.
    var isActionType: Bool { id == "Action" }
}
