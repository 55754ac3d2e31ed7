import GatehouseCore

/// What `GET /ServiceProviderConfig` announces (RFC 7643 §5); clients such as Okta read it to decide whether to
/// send PATCH, filters and ETags, so each flag must match what the routes really do.
public struct SCIMServiceProviderConfig: Sendable, Hashable {
    /// The largest page a list returns (also the cap on `count`).
    public var maxResults: Int
    /// The largest request body accepted, in bytes.
    public var maxPayloadSize: Int
    public var documentationURI: String?
    public var etagSupported: Bool

    public init(maxResults: Int = 200, maxPayloadSize: Int = 1_048_576, documentationURI: String? = nil, etagSupported: Bool = true) {
        self.maxResults = maxResults
        self.maxPayloadSize = maxPayloadSize
        self.documentationURI = documentationURI
        self.etagSupported = etagSupported
    }

    public func json(baseURL: String) -> JSONValue {
        var o: [String: JSONValue] = [
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")]),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .integer(0), "maxPayloadSize": .integer(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .integer(Int64(maxResults))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(true)]),
            "etag": .object(["supported": .bool(etagSupported)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"),
                    "name": .string("OAuth Bearer Token"),
                    "description": .string("A SCIM token created by a Gatehouse administrator, sent as 'Authorization: Bearer TOKEN'."),
                    "primary": .bool(true),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"),
                "location": .string("\(baseURL)/ServiceProviderConfig"),
            ]),
        ]
        if let documentationURI { o["documentationUri"] = .string(documentationURI) }
        return .object(o)
    }
}
