import Foundation

/// One authorization request in the JSON-lines format used by `gatehouse cedar authorize`:
/// `{"principal":{"type":"User","id":"alice"},"action":{...},"resource":{...},"context":{...}}`.
/// Entity uids may also use the `{"__entity": {...}}` form; `context` is optional.
public struct AuthorizationRequest: Sendable, Hashable, Decodable {
    public var principal: JSONValue
    public var action: JSONValue
    public var resource: JSONValue
    public var context: JSONValue?

    /// Decodes one JSON line (exact integers, duplicate keys rejected).
    public init(jsonLine: String) throws {
        let v = try JSONValue.parse(jsonLine)
        guard let p = v["principal"], let a = v["action"], let r = v["resource"] else {
            throw EntitiesError.json("request needs `principal`, `action` and `resource`")
        }
        principal = p
        action = a
        resource = r
        context = v["context"]
    }

    /// Builds the `Request`, decoding the context with the schema's types when given.
    public func request(schema: Schema? = nil) throws(EntitiesError) -> Request {
        let actionUID = try CedarJSON.entityUID(from: action)
        let ctx = try CedarJSON.context(from: context ?? .object([]), schema: schema, action: actionUID)
        return Request(principal: try CedarJSON.entityUID(from: principal), action: actionUID,
                       resource: try CedarJSON.entityUID(from: resource), context: ctx)
    }
}

/// The JSON-lines answer: `{"decision":"allow","reason":["policy0"],"errors":[]}`.
/// `errors` lists the ids of policies that failed to evaluate; `errorMessages`
/// carries the matching human-readable messages (`"policy1: …"`).
public struct AuthorizationResponse: Sendable, Hashable {
    public var decision: Decision
    public var reason: [String]
    public var errors: [String]
    public var errorMessages: [String]

    public init(_ response: Response) {
        decision = response.decision
        reason = response.reason
        errors = response.errors.map(\.policyId)
        errorMessages = response.errors.map { "\($0.policyId): \($0.error)" }
    }

    /// A response for a request that could not be processed at all (bad JSON etc.): deny.
    public init(failure message: String) {
        decision = .deny
        reason = []
        errors = []
        errorMessages = [message]
    }

    public var json: JSONValue {
        .object([
            ("decision", .string(decision.rawValue)),
            ("reason", .array(reason.map(JSONValue.string))),
            ("errors", .array(errors.map(JSONValue.string))),
            ("errorMessages", .array(errorMessages.map(JSONValue.string))),
        ])
    }

    /// Foundation form, for `JSONSerialization`.
    public var jsonObject: [String: Any] { json.foundationObject as? [String: Any] ?? [:] }

    /// Compact single-line JSON (no trailing newline).
    public var jsonLine: String { json.serialized }
}

extension Authorizer {
    /// Decodes one JSON request line, authorizes it, and returns the response
    /// (a deny with a message if the line is malformed). With a schema, the
    /// context is decoded by its declared types and the request is validated
    /// against the schema first, as the reference CLI does.
    public func authorize(jsonLine: String, policies: PolicySet, entities: Entities, schema: Schema? = nil) -> AuthorizationResponse {
        do {
            let request = try AuthorizationRequest(jsonLine: jsonLine).request(schema: schema)
            if let schema { try schema.validate(request) }
            return AuthorizationResponse(isAuthorized(request, policies: policies, entities: entities))
        } catch {
            return AuthorizationResponse(failure: "invalid request: \(error)")
        }
    }
}
