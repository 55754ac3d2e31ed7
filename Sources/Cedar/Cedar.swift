/// # Cedar
///
/// A Swift implementation of the Cedar policy language (Cedar 4.x) that gives the
/// same answers as the reference Rust implementation.
///
/// ```swift
/// import Cedar
///
/// let policies = try PolicySet(parsing: """
///     permit(principal == User::"alice", action == Action::"view", resource in Album::"trip")
///     when { context.authenticated };
///     """)
/// let entities = try Entities(json: """
///     [{"uid": {"type": "Photo", "id": "p1"}, "attrs": {}, "parents": [{"type": "Album", "id": "trip"}]}]
///     """)
/// let request = Request(principal: EntityUID(type: "User", id: "alice"),
///                       action: EntityUID(type: "Action", id: "view"),
///                       resource: EntityUID(type: "Photo", id: "p1"),
///                       context: ["authenticated": true])
/// let response = Authorizer().isAuthorized(request, policies: policies, entities: entities)
/// // response.decision == .allow, response.reason == ["policy0"], response.errors == []
/// ```
///
/// Main entry points:
/// - ``PolicySet/init(parsing:)``, ``Policy/init(parsing:id:)``, ``Expr/init(parsing:)`` — parsing (errors are ``ParseError`` with line:column).
/// - ``Entities/init(json:)`` and ``Entities/init(json:schema:)`` — the Cedar entities JSON format.
/// - ``Schema/init(parsing:)`` — human-readable schema (used for schema-directed JSON decoding).
/// - ``Authorizer/isAuthorized(_:policies:entities:)`` — decision, determining policies, errors.
/// - ``Evaluator`` — evaluate a single expression.
/// - ``AuthorizationRequest`` / ``AuthorizationResponse`` — JSON-lines request/response helpers.
///
/// Limits (hostile input yields errors, never crashes): expression nesting 200
/// levels, tree depth 1000, 2000 `&&`/`||` per policy, JSON nesting 128, schema
/// type nesting 64. Evaluation of `&&`/`||` chains is iterative.
///
/// - ``PolicyFormatter/format(text:)`` — canonical layout that keeps `//` comments.
/// - ``Policy/json`` / ``PolicySet/init(json:)`` — Cedar's JSON policy format (EST), as the reference writes it.
/// - ``Authorizer/isAuthorizedPartial(_:policies:entities:)`` — partial evaluation with an unknown
///   principal, resource or context; ``PartialResponse/reauthorize(_:entities:)`` completes it.
///
/// Not implemented: entity validation against a schema (schemas are used for
/// decoding and request checks).
public enum CedarVersion {
    /// The Cedar language version whose semantics this library follows.
    public static let language = "4.x"
}
