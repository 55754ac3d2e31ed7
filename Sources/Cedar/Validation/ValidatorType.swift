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
            return "__cedar::internal::Union<\(lub.sorted { compareNames($0, $1) < 0 }.map(\.qualified).joined(separator: ", "))>"
        case let .record(attrs, open):
            var s = open ? "__cedar::internal::OpenRecord{" : "{"
            for k in attrs.keys.sorted(by: scalarLess) {
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

/// The reference's derived ordering of types, used to list types in
/// incompatible-types messages in the same order (it keeps them in a `BTreeSet`).
extension ValidatorType {
    private var rank: Int {
        switch self {
        case .never: return 0
        case .bool: return 1
        case .long: return 2
        case .string: return 3
        case .anyEntity, .entity: return 4
        case .set: return 5
        case .record: return 6
        case .extension: return 7
        }
    }

    /// Negative, zero or positive as `a` sorts before, equal to or after `b`.
    static func referenceCompare(_ a: ValidatorType, _ b: ValidatorType) -> Int {
        if a.rank != b.rank { return a.rank < b.rank ? -1 : 1 }
        switch (a, b) {
        case let (.bool(x), .bool(y)):
            let order: [BoolKind] = [.any, .true, .false]
            return order.firstIndex(of: x)! - order.firstIndex(of: y)!
        case (.anyEntity, .anyEntity): return 0
        case (.anyEntity, .entity): return -1
        case (.entity, .anyEntity): return 1
        case let (.entity(x), .entity(y)):
            let sx = x.sorted { compareNames($0, $1) < 0 }, sy = y.sorted { compareNames($0, $1) < 0 }
            return compareLists(sx, sy, compareNames)
        case let (.set(x), .set(y)):
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case let (x?, y?): return referenceCompare(x, y)
            }
        case let (.record(ax, ox), .record(ay, oy)):
            let kx = ax.keys.sorted(by: scalarLess), ky = ay.keys.sorted(by: scalarLess)
            let c = compareLists(Array(zip(kx, kx.map { ax[$0]! })), Array(zip(ky, ky.map { ay[$0]! }))) { p, q in
                let k = compareStrings(p.0, q.0)
                if k != 0 { return k }
                let t = referenceCompare(p.1.type, q.1.type)
                if t != 0 { return t }
                return p.1.isRequired == q.1.isRequired ? 0 : (p.1.isRequired ? 1 : -1)
            }
            if c != 0 { return c }
            return ox == oy ? 0 : (ox ? -1 : 1)
        case let (.extension(x), .extension(y)): return compareStrings(x, y)
        default: return 0
        }
    }

    private static func compareLists<T>(_ a: [T], _ b: [T], _ cmp: (T, T) -> Int) -> Int {
        for (x, y) in zip(a, b) {
            let c = cmp(x, y)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

/// Byte-wise (scalar) string order, as Rust orders strings; Swift's `<` on
/// `String` uses canonical equivalence instead.
func scalarLess(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
}

/// The reference orders names by basename first, then by namespace path.
func compareNames(_ a: Name, _ b: Name) -> Int {
    let c = compareStrings(a.id, b.id)
    if c != 0 { return c }
    for (x, y) in zip(a.path, b.path) {
        let d = compareStrings(x, y)
        if d != 0 { return d }
    }
    return a.path.count == b.path.count ? 0 : (a.path.count < b.path.count ? -1 : 1)
}

func compareStrings(_ a: String, _ b: String) -> Int {
    if a.unicodeScalars.elementsEqual(b.unicodeScalars) { return 0 }
    return scalarLess(a, b) ? -1 : 1
}

/// Rust's `str::escape_debug` inside double quotes: how the reference prints
/// string literals in messages (quotes, backslashes and non-printable
/// characters escaped).
func rustQuoted(_ s: String) -> String {
    var out = "\""
    for (i, c) in s.unicodeScalars.enumerated() {
        switch c {
        case "\0": out += "\\0"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\n": out += "\\n"
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "'": out += "\\'"
        default:
            if !isRustPrintable(c) || (i == 0 && c.properties.isGraphemeExtend) {
                out += "\\u{" + String(c.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    return out + "\""
}

private func isRustPrintable(_ c: Unicode.Scalar) -> Bool {
    if c == " " { return true }
    switch c.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
        return false
    default:
        return true
    }
}

extension EntityUID {
    /// The reference's display of a uid in messages (`Type::"id"`, id escaped as Rust's `escape_debug`).
    var rustDescription: String { "\(type.qualified)::\(rustQuoted(id))" }
}
