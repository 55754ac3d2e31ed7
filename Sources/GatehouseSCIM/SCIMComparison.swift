import GatehouseCore

/// How two SCIM values compare under an attribute's definition: the one place where `caseExact`, dateTime
/// instants and numbers are honoured, shared by filters and sorting.
enum SCIMComparison {
    /// The ordering of `a` and `b` as values of `attribute`, or nil when they are not comparable (different
    /// types, an unparseable dateTime).
    static func order(_ a: JSONValue, _ b: JSONValue, as attribute: SCIMAttribute?) -> Int? {
        let type = attribute?.type ?? .string
        switch type {
        case .boolean:
            guard let x = boolean(a), let y = boolean(b) else { return nil }
            return x == y ? 0 : (x ? 1 : -1)
        case .integer, .decimal:
            if case .integer(let x) = a, case .integer(let y) = b { return x == y ? 0 : (x < y ? -1 : 1) }
            guard let x = number(a), let y = number(b) else { return nil }
            return x == y ? 0 : (x < y ? -1 : 1)
        case .dateTime:
            guard case .string(let s) = a, case .string(let t) = b,
                let x = SCIMDateTime.secondsSince1970(s), let y = SCIMDateTime.secondsSince1970(t)
            else { return nil }
            return x == y ? 0 : (x < y ? -1 : 1)
        default:
            guard case .string(let s) = a, case .string(let t) = b else {
                // Undeclared attributes carry no type: still let equal scalars match.
                return attribute == nil && a == b ? 0 : nil
            }
            let exact = attribute?.comparesExactly ?? false
            let x = exact ? s : s.lowercased()
            let y = exact ? t : t.lowercased()
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    /// Whether the string operator `op` (`co`, `sw`, `ew`) holds between `a` and the literal `b`.
    static func text(_ op: SCIMFilter.Operator, _ a: JSONValue, _ b: JSONValue, as attribute: SCIMAttribute?) -> Bool {
        guard case .string(let s) = a, case .string(let t) = b else { return false }
        let exact = attribute?.comparesExactly ?? false
        let x = exact ? s : s.lowercased()
        let y = exact ? t : t.lowercased()
        switch op {
        case .co: return x.contains(y)
        case .sw: return x.hasPrefix(y)
        case .ew: return x.hasSuffix(y)
        default: return false
        }
    }

    /// A boolean, also from the strings Entra ID sends (`"True"`, `"False"`).
    static func boolean(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}
