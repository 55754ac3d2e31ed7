/// Partial requests and answers in the JSON-lines shape of `gatehouse cedar authorize --partial`.
///
/// A request line is an authorization request whose `principal`, `resource` or
/// `context` may be missing or `null` (unknown), as in the reference's partial
/// API. The answer: `{"decision":"allow"|"deny"|null,"reason":[…],"errors":[…],
/// "errorMessages":[…],"residuals":{"policy1":{…EST…}}}`.
extension Authorizer {
    public func authorizePartial(jsonLine: String, policies: PolicySet, entities: Entities, schema: Schema? = nil) -> JSONValue {
        do {
            let request = try PartialRequest(jsonLine: jsonLine, schema: schema)
            return isAuthorizedPartial(request, policies: policies, entities: entities).json
        } catch {
            return .object([("decision", .null), ("reason", .array([])), ("errors", .array([])),
                            ("errorMessages", .array([.string("invalid request: \(error)")])), ("residuals", .object([]))])
        }
    }
}

extension PartialRequest {
    /// Decodes one JSON line; a missing or `null` principal, resource or context is unknown.
    public init(jsonLine: String, schema: Schema? = nil) throws {
        let v = try JSONValue.parse(jsonLine)
        func known(_ key: String) -> JSONValue? {
            guard let x = v[key], x != .null else { return nil }
            return x
        }
        guard let a = known("action") else { throw EntitiesError.json("request needs an `action`") }
        let action = try CedarJSON.entityUID(from: a)
        self.init(principal: try known("principal").map { (x) throws(EntitiesError) in try CedarJSON.entityUID(from: x) },
                  action: action,
                  resource: try known("resource").map { (x) throws(EntitiesError) in try CedarJSON.entityUID(from: x) },
                  context: try known("context").map { (x) throws(EntitiesError) in try CedarJSON.context(from: x, schema: schema, action: action) })
    }
}

extension PartialResponse {
    public var json: JSONValue {
        .object([
            ("decision", decision.map { .string($0.rawValue) } ?? .null),
            ("reason", .array(reason.map(JSONValue.string))),
            ("errors", .array(errors.map { .string($0.policyId) })),
            ("errorMessages", .array(errors.map { .string("\($0.policyId): \($0.error)") })),
            ("residuals", .object(residuals.map { ($0.id, $0.json) })),
        ])
    }
}
