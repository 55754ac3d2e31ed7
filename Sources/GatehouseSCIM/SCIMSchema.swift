import GatehouseCore

/// A SCIM schema (RFC 7643 §7): a URN and its attributes, as `/Schemas` publishes it.
public struct SCIMSchema: Sendable, Hashable {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    public var id: String
    public var name: String
    public var description: String
    public var attributes: [SCIMAttribute]

    public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
    }

    /// The top-level attribute named `name`, case-insensitively.
    public func attribute(_ name: String) -> SCIMAttribute? {
        let folded = name.lowercased()
        return attributes.first { $0.name.lowercased() == folded }
    }

    /// The schema representation for `GET /Schemas/{id}`; `baseURL` is the SCIM root (`…/scim/v2`).
    public func json(baseURL: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:Schema")]),
            "id": .string(id),
            "name": .string(name),
            "description": .string(description),
            "attributes": .array(attributes.map(\.json)),
            "meta": .object([
                "resourceType": .string("Schema"),
                "location": .string("\(baseURL)/Schemas/\(id)"),
            ]),
        ])
    }

    /// The attributes every resource carries whatever its schema (RFC 7643 §3.1). They are not listed in
    /// `/Schemas`, but filters, PATCH and `attributes=` need their definitions all the same.
    public static let commonAttributes: [SCIMAttribute] = [
        SCIMAttribute(
            "id", description: "Unique identifier assigned by Gatehouse.", caseExact: true, mutability: .readOnly,
            returned: .always, uniqueness: .server),
        SCIMAttribute("externalId", description: "Identifier assigned by the provisioning client.", caseExact: true),
        SCIMAttribute(
            "meta", type: .complex, description: "Resource metadata.", mutability: .readOnly,
            returned: .always,
            subAttributes: [
                SCIMAttribute("resourceType", caseExact: true, mutability: .readOnly),
                SCIMAttribute("created", type: .dateTime, mutability: .readOnly),
                SCIMAttribute("lastModified", type: .dateTime, mutability: .readOnly),
                SCIMAttribute("location", type: .reference, caseExact: true, mutability: .readOnly, referenceTypes: ["uri"]),
                SCIMAttribute("version", caseExact: true, mutability: .readOnly),
            ]),
        SCIMAttribute("schemas", type: .reference, multiValued: true, caseExact: true, mutability: .readOnly,
            returned: .always, referenceTypes: ["uri"]),
    ]
}
