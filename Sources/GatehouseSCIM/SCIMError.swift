import GatehouseCore

/// A SCIM protocol error (RFC 7644 §3.12): an HTTP status, an optional `scimType` and a detail for people.
///
/// Every failure of the parsers and of PATCH is one of these, so the routes can answer any bad input in SCIM's
/// own shape and never with a 5xx.
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `scimType` keywords of RFC 7644 Table 9.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case invalidFilter, tooMany, uniqueness, mutability, invalidSyntax, invalidPath, noTarget, invalidValue,
            invalidVers, sensitive
    }

    /// The HTTP status code.
    public var status: Int
    /// The SCIM error keyword; nil for errors that have none (404, 412, 500…).
    public var scimType: Kind?
    /// What went wrong, precisely enough for an IdP administrator to fix it.
    public var detail: String

    public init(status: Int, scimType: Kind?, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    public var description: String { "SCIM \(status) \(scimType?.rawValue ?? "-"): \(detail)" }

    public static func invalidFilter(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidFilter, detail: detail) }
    public static func invalidPath(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidPath, detail: detail) }
    public static func invalidSyntax(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidSyntax, detail: detail) }
    public static func invalidValue(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidValue, detail: detail) }
    public static func noTarget(_ detail: String) -> SCIMError { .init(status: 400, scimType: .noTarget, detail: detail) }
    public static func mutability(_ detail: String) -> SCIMError { .init(status: 400, scimType: .mutability, detail: detail) }
    public static func uniqueness(_ detail: String) -> SCIMError { .init(status: 409, scimType: .uniqueness, detail: detail) }
    public static func tooMany(_ detail: String) -> SCIMError { .init(status: 400, scimType: .tooMany, detail: detail) }
    public static func notFound(_ detail: String) -> SCIMError { .init(status: 404, scimType: nil, detail: detail) }
    public static func preconditionFailed(_ detail: String) -> SCIMError { .init(status: 412, scimType: nil, detail: detail) }

    /// The message schema URN of an error response.
    public static let schema = "urn:ietf:params:scim:api:messages:2.0:Error"

    /// The response body: `status` is a string, as RFC 7644 §3.12 writes it.
    public var json: JSONValue {
        var body: [String: JSONValue] = [
            "schemas": .array([.string(Self.schema)]),
            "status": .string(String(status)),
            "detail": .string(detail),
        ]
        if let scimType { body["scimType"] = .string(scimType.rawValue) }
        return .object(body)
    }
}
