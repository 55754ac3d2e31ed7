/// Static types used by the policy typechecker.
///
/// These mirror the reference validator's `types::Type`, which is richer than
/// the schema's `SchemaType`: booleans carry singleton `True`/`False` types so
/// short-circuiting can be tracked, entity types are least upper bounds (sets
/// of entity type names), sets may have an unknown element type, and records
/// may be open. Strict validation keeps every entity LUB a singleton, but the
/// general representation keeps the algorithms identical to the reference.
public indirect enum ValidatorType: Sendable, Hashable, CustomStringConvertible {
    /// The bottom type (no values); only arises as the element type of `[]`.
    case never
    case bool(BoolKind)
    case long
    case string
    /// Any entity at all (the type of unlinked slots and of the expected type in checks).
    case anyEntity
    /// One of the listed entity types (never empty).
    case entity(Set<EntityType>)
    /// A set; `nil` element type means "any set" (used only as an expected type).
    case set(ValidatorType?)
    case record([String: AttributeType], open: Bool)
    /// `ipaddr`, `decimal`, `datetime` or `duration`.
    case `extension`(String)

    /// `Bool`, or one of the singleton types `True` / `False`.
    public enum BoolKind: Sendable, Hashable { case any, `true`, `false` }

    /// An attribute's type with its optionality.
    public struct AttributeType: Sendable, Hashable {
        public var type: ValidatorType
        public var isRequired: Bool
        public init(_ type: ValidatorType, isRequired: Bool) {
            self.type = type
            self.isRequired = isRequired
        }
    }

    static let anyBool = ValidatorType.bool(.any)
    static let trueType = ValidatorType.bool(.true)
    static let falseType = ValidatorType.bool(.false)
    static func singleton(_ b: Bool) -> ValidatorType { .bool(b ? .true : .false) }
    static func entityType(_ t: EntityType) -> ValidatorType { .entity([t]) }
    static let anyRecord = ValidatorType.record([:], open: true)
    static let anySet = ValidatorType.set(nil)

    /// The reference's display form, used verbatim in error messages.
    public var description: String {
        switch self {
        case .never: return "__cedar::internal::Never"
        case .bool(.true): return "__cedar::internal::True"
        case .bool(.false): return "__cedar::internal::False"
        case .bool(.any): return "Bool"
        case .long: return "Long"
        case .string: return "String"
        case let .set(e): return "Set<\(e.map(\.description) ?? "__cedar::internal::Any")>"
        case .anyEntity: return "__cedar::internal::AnyEntity"
        case let .entity(lub):
            if lub.count == 1 { return lub.first!.qualified }
            return "__cedar::internal::Union<\(lub.sorted().map(\.qualified).joined(separator: ", "))>"
        case let .record(attrs, open):
            var s = open ? "__cedar::internal::OpenRecord{" : "{"
            for k in attrs.keys.sorted() {
                let a = attrs[k]!
                s += k + (a.isRequired ? "" : "?") + ": \(a.type),"
            }
            return s + "}"
        case let .extension(n): return n
        }
    }
}

/// Why two types have no least upper bound (the reference's `LubHelp`).
public enum LubHint: Error, Sendable, Hashable, CustomStringConvertible {
    case attributeQualifier, recordWidth, entityType, entityRecord, none

    public var description: String {
        switch self {
        case .attributeQualifier:
            return "Corresponding attributes of compatible record types must have the same optionality, either both being required or both being optional"
        case .recordWidth: return "Compatible record types must have exactly the same attributes"
        case .entityType: return "Different entity types are never compatible even when their attributes would be compatible"
        case .entityRecord: return "Entity and record types are never compatible even when their attributes would be compatible"
        case .none: return "Types must be exactly equal to be compatible"
        }
    }
}

/// Subtyping and least upper bounds. `strict` selects the reference's strict
/// mode (no width subtyping, no unions of entity types); the typechecker uses
/// permissive subtyping for "expected type" checks exactly as the reference does.
extension ValidatorType {
    static func isSubtype(_ t0: ValidatorType, _ t1: ValidatorType, strict: Bool) -> Bool {
        switch (t0, t1) {
        case (.never, _): return true
        case (.bool(.true), .bool(.any)), (.bool(.false), .bool(.any)): return true
        case let (.bool(a), .bool(b)): return a == b
        case (.long, .long), (.string, .string): return true
        case let (.set(e0), .set(e1)):
            switch (e0, e1) {
            case let (a?, b?): return isSubtype(a, b, strict: strict)
            case (_, nil): return true
            case (nil, _?): return false
            }
        case let (.record(a0, open0), .record(a1, open1)):
            guard !open0 || open1 else { return false }
            if open1 && !strict && attributesSubtype(a0, a1, strict: strict) { return true }
            return Set(a0.keys) == Set(a1.keys) && attributesSubtype(a0, a1, strict: strict)
        case let (.entity(l0), .entity(l1)): return strict ? l0 == l1 : l0.isSubset(of: l1)
        case (.anyEntity, .anyEntity): return true
        case (.entity, .anyEntity): return !strict
        case let (.extension(a), .extension(b)): return a == b
        default: return false
        }
    }

    private static func attributesSubtype(_ a0: [String: AttributeType], _ a1: [String: AttributeType], strict: Bool) -> Bool {
        a1.allSatisfy { k, other in
            guard let mine = a0[k] else { return false }
            let qualifierOK = strict ? mine.isRequired == other.isRequired : (mine.isRequired || !other.isRequired)
            return qualifierOK && isSubtype(mine.type, other.type, strict: strict)
        }
    }

    static func leastUpperBound(_ t0: ValidatorType, _ t1: ValidatorType, strict: Bool) -> Result<ValidatorType, LubHint> {
        if isSubtype(t0, t1, strict: strict) { return .success(t1) }
        if isSubtype(t1, t0, strict: strict) { return .success(t0) }
        switch (t0, t1) {
        case (.bool, .bool): return .success(.anyBool)
        case (.set(nil), .set), (.set, .set(nil)): return .success(.set(nil))
        case let (.set(a?), .set(b?)):
            return leastUpperBound(a, b, strict: strict).map { .set($0) }
        case let (.record(a0, open0), .record(a1, open1)):
            let attrs: [String: AttributeType]
            switch attributesLub(a0, a1, strict: strict) {
            case let .success(a): attrs = a
            case let .failure(h): return .failure(h)
            }
            let open = open0 || open1 || Set(attrs.keys) != Set(a0.keys).union(a1.keys)
            return .success(.record(attrs, open: open))
        case let (.entity(l0), .entity(l1)):
            if strict && l0 != l1 { return .failure(.entityType) }
            return .success(.entity(l0.union(l1)))
        case (.anyEntity, .entity), (.entity, .anyEntity):
            return strict ? .failure(.entityType) : .success(.anyEntity)
        case (.entity, .record), (.anyEntity, .record), (.record, .entity), (.record, .anyEntity):
            return .failure(.entityRecord)
        default: return .failure(.none)
        }
    }

    private static func attributesLub(_ a0: [String: AttributeType], _ a1: [String: AttributeType], strict: Bool) -> Result<[String: AttributeType], LubHint> {
        if strict && Set(a0.keys) != Set(a1.keys) { return .failure(.recordWidth) }
        var out: [String: AttributeType] = [:]
        for k in a0.keys.sorted() {
            guard let t0 = a0[k], let t1 = a1[k] else {
                if strict { return .failure(.recordWidth) }
                continue
            }
            switch leastUpperBound(t0.type, t1.type, strict: strict) {
            case let .success(t):
                if strict && t0.isRequired != t1.isRequired { return .failure(.attributeQualifier) }
                out[k] = AttributeType(t, isRequired: t0.isRequired && t1.isRequired)
            case let .failure(h):
                if strict { return .failure(h) }
            }
        }
        return .success(out)
    }

    /// Folds `leastUpperBound` over `types`, starting from `Never`.
    static func reduceLub(_ types: [ValidatorType], strict: Bool) -> Result<ValidatorType, LubHint> {
        var acc = ValidatorType.never
        for t in types {
            switch leastUpperBound(acc, t, strict: strict) {
            case let .success(l): acc = l
            case let .failure(h): return .failure(h)
            }
        }
        return .success(acc)
    }

    /// Conservative disjointness used to type `==` as `False`: only entity LUBs
    /// with no type in common are known to be disjoint.
    static func areDisjoint(_ t0: ValidatorType, _ t1: ValidatorType) -> Bool {
        if case let .entity(a) = t0, case let .entity(b) = t1 { return a.isDisjoint(with: b) }
        return false
    }
}
