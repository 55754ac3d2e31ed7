import Foundation

extension AuditEvent {
    /// The event as the wire format names it (`gatehouse audit list` prints it; the HTTP read
    /// endpoint answers it), `time` in ISO 8601 with milliseconds.
    public var jsonValue: JSONValue {
        func opt(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        let time = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        return .object([
            "id": .string(id), "sequence": .integer(sequence), "time": .string(time), "account_id": .string(accountID),
            "actor": .object([
                "type": .string(actor.type.rawValue), "id": .string(actor.id), "name": opt(actor.name),
                "authentication": opt(actor.authentication),
            ]),
            "action": .string(action),
            "target": .object(["type": .string(target.type), "id": .string(target.id), "name": opt(target.name)]),
            "before": before ?? .null, "after": after ?? .null, "outcome": .string(outcome.rawValue),
            "request_id": opt(requestID), "client_ip": opt(clientIP), "user_agent": opt(userAgent),
            "previous_hash": .string(previousHash), "hash": .string(hash),
        ])
    }
}
