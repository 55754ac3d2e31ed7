/// A fact learned from a `has` / `hasTag` test: evaluating `on` then reading
/// the attribute (or tag) `key` is safe. Capabilities flow through `&&`, `||`
/// and `if` exactly as in the reference typechecker, keyed by expression shape.
struct Capability: Hashable {
    var on: Expr
    /// The attribute name as a string literal, or the tag expression.
    var key: Expr
    var isTag: Bool

    static func attribute(_ on: Expr, _ name: String) -> Capability {
        Capability(on: on, key: .literal(.string(name)), isTag: false)
    }

    static func tag(_ on: Expr, _ key: Expr) -> Capability {
        Capability(on: on, key: key, isTag: true)
    }
}

/// How an attribute access chain is described in error messages (the
/// reference's `AttributeAccess`): attributes read, starting from an entity
/// type, from `context`, or from something else. `attributes` is in source order.
struct AttributeAccessPath: Hashable {
    enum Base: Hashable {
        case entity(Set<EntityType>)
        case context(EntityUID)
        case other
    }
    var base: Base
    var attributes: [String]

    /// E.g. "`address.city` on entity type `User`".
    var description: String {
        var chain = ""
        for (i, a) in attributes.enumerated() {
            if isNormalizedIdentifier(a) { chain += (i == 0 ? "" : ".") + a } else { chain += "[\(rustQuoted(a))]" }
        }
        switch base {
        case let .entity(lub):
            if lub.count == 1 { return "`\(chain)` on entity type `\(lub.first!)`" }
            return "`\(chain)` on entity types " + lub.sorted { compareNames($0, $1) < 0 }.map { "`\($0)`" }.joined(separator: ", ")
        case let .context(action): return "`\(chain)` in context for \(action.rustDescription)"
        case .other: return "`\(chain)`"
        }
    }

    /// A `has` guard that would make the access safe, for the help text.
    var suggestedGuard: String {
        var s = "e"
        if case .context = base { s = "context" }
        for a in attributes.dropLast() {
            s += isNormalizedIdentifier(a) ? ".\(a)" : "[\(rustQuoted(a))]"
        }
        let last = attributes.last ?? "f"
        return s + " has " + (isNormalizedIdentifier(last) ? last : rustQuoted(last))
    }
}

/// True for identifiers that can be written bare in policy text.
func isNormalizedIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") else {
        return false
    }
    let reserved: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]
    if reserved.contains(s) { return false }
    return s.unicodeScalars.allSatisfy { $0 == "_" || ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
}

/// The result of typechecking one expression in one request environment
/// (the reference's `TypecheckAnswer`). A failed answer may still carry a
/// type so that checking can go on and report further errors; a failed
/// answer never carries capabilities.
struct TypeAnswer {
    var type: ValidatorType?
    var capabilities: Set<Capability>
    var ok: Bool
    /// Set on attribute reads, for messages about longer access chains.
    var access: AttributeAccessPath? = nil

    static func success(_ type: ValidatorType?, _ capabilities: Set<Capability> = []) -> TypeAnswer {
        TypeAnswer(type: type, capabilities: capabilities, ok: true)
    }

    static func fail(_ type: ValidatorType?) -> TypeAnswer {
        TypeAnswer(type: type, capabilities: [], ok: false)
    }

    /// Marks the answer failed when any of `inputs` failed (the reference's `then_typecheck`).
    func failing(if inputs: TypeAnswer...) -> TypeAnswer {
        guard inputs.contains(where: { !$0.ok }) else { return self }
        var a = self
        a.ok = false
        a.capabilities = []
        return a
    }

    /// Capabilities usable by later expressions (none when the answer failed).
    var usableCapabilities: Set<Capability> { ok ? capabilities : [] }
}
