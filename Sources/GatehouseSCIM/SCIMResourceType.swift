import GatehouseCore

/// A SCIM resource type (RFC 7643 §6): a core schema plus its extensions, published by `/ResourceTypes`.
///
/// It is also the resolver every other part goes through: it turns a path into the attribute definition and
/// the place in a resource's JSON where the value lives (top level, or under the extension's URN).
public struct SCIMResourceType: Sendable, Hashable {
    /// An extension schema and whether resources must carry it.
    public struct Extension: Sendable, Hashable {
        public var schema: SCIMSchema
        public var required: Bool

        public init(schema: SCIMSchema, required: Bool = false) {
            self.schema = schema
            self.required = required
        }
    }

    /// A resolved path: where the attribute lives and its definition.
    public struct Resolved: Sendable, Hashable {
        /// The extension URN whose object holds the attribute; nil for core and common attributes.
        public var container: String?
        public var attribute: SCIMAttribute
        /// The sub-attribute's definition when the path named one.
        public var subAttribute: SCIMAttribute?

        /// The definition of what the path points at (the sub-attribute when there is one).
        public var target: SCIMAttribute { subAttribute ?? attribute }
    }

    public var id: String
    public var name: String
    public var endpoint: String
    public var description: String
    public var schema: SCIMSchema
    public var extensions: [Extension]

    public init(id: String, name: String, endpoint: String, description: String, schema: SCIMSchema, extensions: [Extension] = []) {
        self.id = id
        self.name = name
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
    }

    /// Every schema of the type, core first.
    public var schemas: [SCIMSchema] { [schema] + extensions.map(\.schema) }

    /// The extension schema whose URN is `urn` (case-insensitively).
    public func extensionSchema(_ urn: String) -> SCIMSchema? {
        let folded = urn.lowercased()
        return extensions.first { $0.schema.id.lowercased() == folded }?.schema
    }

    /// Resolves `path`, or nil when no schema of this type declares it (the caller answers 400).
    ///
    /// Unqualified names are core or common attributes only (RFC 7644 §3.10): an extension's `roles` must not
    /// capture the RFC User's `roles` that Entra ID sends unqualified.
    public func resolve(_ path: SCIMAttributePath) -> Resolved? {
        var found: (String?, SCIMAttribute)?
        if let urn = path.schema {
            if urn.lowercased() == schema.id.lowercased() {
                found = (schema.attribute(path.attribute) ?? common(path.attribute)).map { (nil, $0) }
            } else if let ext = extensionSchema(urn) {
                found = ext.attribute(path.attribute).map { (ext.id, $0) }
            }
        } else if let attribute = schema.attribute(path.attribute) ?? common(path.attribute) {
            found = (nil, attribute)
        }
        guard let (container, attribute) = found else { return nil }
        guard let sub = path.subAttribute else { return Resolved(container: container, attribute: attribute) }
        guard let subAttribute = attribute.subAttribute(sub) else { return nil }
        return Resolved(container: container, attribute: attribute, subAttribute: subAttribute)
    }

    private func common(_ name: String) -> SCIMAttribute? {
        let folded = name.lowercased()
        return SCIMSchema.commonAttributes.first { $0.name.lowercased() == folded }
    }

    /// The resource type representation for `GET /ResourceTypes/{id}`; `baseURL` is the SCIM root.
    public func json(baseURL: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ResourceType")]),
            "id": .string(id),
            "name": .string(name),
            "endpoint": .string(endpoint),
            "description": .string(description),
            "schema": .string(schema.id),
            "schemaExtensions": .array(
                extensions.map { .object(["schema": .string($0.schema.id), "required": .bool($0.required)]) }),
            "meta": .object([
                "resourceType": .string("ResourceType"),
                "location": .string("\(baseURL)/ResourceTypes/\(id)"),
            ]),
        ])
    }
}

extension SCIMResourceType.Resolved {
    /// The attribute's raw value in `resource`, or nil when unassigned.
    func value(in resource: JSONValue) -> JSONValue? {
        let holder = container.map { resource.scimMember($0) ?? .null } ?? resource
        return holder.scimMember(attribute.name)
    }
}
