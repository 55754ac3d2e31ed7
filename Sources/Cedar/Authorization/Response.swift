/// The outcome of an authorization request.
public enum Decision: String, Sendable, Hashable {
    case allow, deny
}

/// A policy that could not be evaluated for this request.
public struct AuthorizationError: Sendable, Hashable, CustomStringConvertible {
    public var policyId: String
    public var error: EvaluationError
    public var description: String { "while evaluating policy `\(policyId)`: \(error)" }
}

/// Decision plus diagnostics, as in the reference implementation.
public struct Response: Sendable, Hashable {
    public var decision: Decision
    /// Ids of the determining policies: satisfied `forbid`s when the decision is
    /// deny because of them, otherwise satisfied `permit`s (sorted).
    public var reason: [String]
    /// Policies skipped because their evaluation failed (sorted by id).
    public var errors: [AuthorizationError]

    /// Just the ids of erroring policies.
    public var errorPolicyIds: [String] { errors.map(\.policyId) }
}
