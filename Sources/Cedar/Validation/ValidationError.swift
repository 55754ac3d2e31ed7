/// The kinds of validation errors, one per error kind of the reference
/// validator (`cedar_policy_validator::ValidationError`).
public enum ValidationErrorKind: String, Sendable, Hashable, CaseIterable {
    /// An entity type in the policy is not declared in the schema.
    case unrecognizedEntityType
    /// An action literal is not declared in the schema.
    case unrecognizedActionId
    /// No declared action applies to any principal/resource combination the scope allows.
    case invalidActionApplication
    /// An expression has a type the operator does not accept.
    case unexpectedType
    /// Two types that must be compatible (strict mode) have no least upper bound.
    case incompatibleTypes
    /// An attribute that the type does not declare is accessed.
    case unsafeAttributeAccess
    /// An optional attribute is accessed without a `has` guard.
    case unsafeOptionalAttributeAccess
    /// A tag is read with `getTag` without a `hasTag` guard.
    case unsafeTagAccess
    /// `getTag` on an entity type that declares no tags.
    case noTagsAllowed
    /// A call to a function that is not a known extension function.
    case undefinedFunction
    /// An extension function is called with the wrong number of arguments.
    case wrongNumberArguments
    /// An extension constructor's literal argument does not parse (e.g. `ip("x")`).
    case functionArgumentValidation
    /// `[]` appears in a policy (forbidden in strict mode: its type is unknown).
    case emptySetForbidden
    /// An extension constructor is applied to a non-literal (forbidden in strict mode).
    case nonLitExtConstructor
    /// An entity literal of an enumerated entity type uses an undeclared id.
    case invalidEnumEntity
}

/// Kinds of validation warnings. Warnings never make a policy invalid.
public enum ValidationWarningKind: String, Sendable, Hashable {
    /// The policy is `false` in every request environment, so it can never apply.
    case impossiblePolicy
}

/// A place in policy source text.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    /// The source line, trimmed (at most 80 characters).
    public var excerpt: String

    public init(line: Int, column: Int, excerpt: String) {
        self.line = line
        self.column = column
        self.excerpt = excerpt
    }

    public var description: String { "\(line):\(column)" }
}

/// One validation error in one policy.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var policyID: String
    public var kind: ValidationErrorKind
    /// Message in the reference's wording, e.g.
    /// "for policy `policy0`, unrecognized entity type `Usr`".
    public var message: String
    /// An optional hint (the reference's `help`), e.g. "did you mean `User`?".
    public var help: String?
    /// Where in the policy text the problem is, when the policies were validated from text.
    public var location: SourceLocation?
    /// What the location points at (used to find it in the source); not part of the message.
    var anchor: LocationAnchor

    init(policyID: String, kind: ValidationErrorKind, message: String, help: String? = nil, anchor: LocationAnchor = .policy) {
        self.policyID = policyID
        self.kind = kind
        self.message = "for policy `\(policyID)`, " + message
        self.help = help
        self.location = nil
        self.anchor = anchor
    }

    public var description: String {
        var s = (location.map { "\($0): " } ?? "") + message
        if let help { s += " (help: \(help))" }
        if let l = location, !l.excerpt.isEmpty { s += "\n  | \(l.excerpt)" }
        return s
    }
}

/// A validation warning for one policy.
public struct ValidationWarning: Sendable, Hashable, CustomStringConvertible {
    public var policyID: String
    public var kind: ValidationWarningKind
    public var message: String
    public var location: SourceLocation?

    public var description: String { (location.map { "\($0): " } ?? "") + message }
}

/// What source text an error refers to, so a text-aware caller can place it.
/// The AST carries no positions, so errors remember the construct instead.
enum LocationAnchor: Sendable, Hashable {
    /// The whole policy (its first token).
    case policy
    /// An entity type name.
    case entityType(EntityType)
    /// An entity uid literal.
    case entityUID(EntityUID)
    /// An attribute name in `.attr`, `["attr"]` or `has attr`.
    case attribute(String)
    /// An extension function or method name.
    case function(String)
    /// An empty set literal `[]`.
    case emptySet
    /// An operator or keyword token (`==`, `in`, `contains`, `if`, …).
    case token(String)
}

/// The outcome of validating a policy set.
public struct ValidationResult: Sendable, Hashable {
    /// All errors, grouped by policy in policy-set order.
    public var errors: [ValidationError]
    /// Warnings (e.g. impossible policies); they do not affect validity.
    public var warnings: [ValidationWarning]
    /// Ids of every validated policy, template and template link, in order.
    public var policyIDs: [String]
    /// True when validation stopped at its deadline: `errors` then covers only the policies checked so far.
    public var stoppedAtDeadline = false

    /// True when no policy has an error (and every policy was checked).
    public var isValid: Bool { errors.isEmpty && !stoppedAtDeadline }

    /// Errors of one policy (empty when it is valid).
    public func errors(for policyID: String) -> [ValidationError] {
        errors.filter { $0.policyID == policyID }
    }

    /// Per-policy verdicts in policy-set order.
    public var policyResults: [PolicyValidationResult] {
        policyIDs.map { id in
            let errs = errors(for: id)
            return errs.isEmpty ? .valid(policyID: id) : .invalid(policyID: id, errors: errs)
        }
    }
}

/// The verdict for one policy.
public enum PolicyValidationResult: Sendable, Hashable {
    case valid(policyID: String)
    case invalid(policyID: String, errors: [ValidationError])

    public var policyID: String {
        switch self { case let .valid(id), let .invalid(id, _): return id }
    }

    public var isValid: Bool { if case .valid = self { return true } else { return false } }
}
