import GatehouseCore

/// A PatchOp request (RFC 7644 §3.5.2), parsed; `apply` turns a resource into its patched version.
///
/// Parsing and applying are separate so the routes can look at the operations first (for instance to turn a
/// group's member additions into store calls without loading every member) and still apply the whole request
/// atomically to a resource: either every operation succeeds or the resource is left as it was.
public struct SCIMPatchRequest: Sendable, Hashable {
    /// The message schema a PatchOp body must declare.
    public static let schema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    public var operations: [SCIMPatchOperation]

    public init(operations: [SCIMPatchOperation]) {
        self.operations = operations
    }

    /// Reads a request body already parsed as JSON.
    public init(json: JSONValue) throws(SCIMError) {
        guard case .object = json else { throw .invalidSyntax("the PATCH body is not a JSON object") }
        guard case .array(let schemas)? = json.scimMember("schemas"),
            schemas.contains(where: { $0.stringValue?.lowercased() == Self.schema.lowercased() })
        else { throw .invalidSyntax("a PATCH body's schemas must be [\"\(Self.schema)\"]") }
        guard case .array(let items)? = json.scimMember("Operations") else {
            throw .invalidSyntax("a PATCH body needs an \"Operations\" array")
        }
        guard !items.isEmpty else { throw .invalidSyntax("\"Operations\" is empty") }
        var operations: [SCIMPatchOperation] = []
        for (index, item) in items.enumerated() {
            operations.append(try SCIMPatchOperation(json: item, index: index))
        }
        self.operations = operations
    }

    /// Reads a request body from its bytes (strict JSON).
    public init(bytes: [UInt8]) throws(SCIMError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidSyntax("the PATCH body is not valid JSON")
        }
        try self.init(json: json)
    }

    /// The resource after every operation, in order, checked against `resourceType`.
    ///
    /// Throws `invalidPath` for attributes the type does not declare, `mutability` for read-only ones (`id`,
    /// `meta`, `groups`), `invalidValue` for values of the wrong type, `noTarget` when a filter selects nothing
    /// it could create or the result would lack a required attribute.
    public func apply(to resource: JSONValue, as resourceType: SCIMResourceType) throws(SCIMError) -> JSONValue {
        var patcher = SCIMPatcher(type: resourceType, resource: resource)
        for operation in operations {
            try patcher.apply(operation)
        }
        // The result must still be a valid resource (RFC 7644 §3.5.2): removing the last email is refused here.
        try resourceType.checkRequired(patcher.resource)
        return patcher.resource
    }
}
