import GatehouseCore

/// The body of `POST folder_operations/invite/{id}` and `POST collection_operations/invite/{id}`:
/// `{"principal": {"type", "id"}, "operation": "add"|"remove", "roles": [...]}`.
enum ContentRoleChangeBody {
    static func parse(_ body: WireBody) throws -> ContentRoleChange {
        guard let principal = try body.object("principal") else {
            throw GatehouseError.invalidField(field: "principal", reason: "is required")
        }
        guard case .string(let rawType)? = principal["type"], let type = PrincipalType(rawValue: rawType) else {
            throw GatehouseError.invalidField(field: "principal.type", reason: "must be one of user, group, apiKey")
        }
        let id: String
        switch principal["id"] {
        case .string(let s)?: id = s
        case .integer(let n)?: id = String(n)  // an API key sent as a JSON number
        default: throw GatehouseError.invalidField(field: "principal.id", reason: "is required")
        }
        guard let operation = try body.enumValue("operation", ContentRoleChange.Operation.self) else {
            throw GatehouseError.invalidField(field: "operation", reason: "is required (add or remove)")
        }
        return ContentRoleChange(principal: Principal(type: type, id: id), operation: operation, roleIDs: try roleIDs(body))
    }

    /// `roles` as a list of ids (the spec), or of `{"id": …}` objects (the Permissions API's shape).
    static func roleIDs(_ body: WireBody) throws -> [String] {
        guard case .array(let items)? = body.fields["roles"] else {
            throw GatehouseError.invalidField(field: "roles", reason: "must be a list of role ids")
        }
        return try items.map { item in
            switch item {
            case .string(let s): return s
            case .object(let o):
                if case .string(let s)? = o["id"] { return s }
                fallthrough
            default: throw GatehouseError.invalidField(field: "roles", reason: "must be a list of role ids")
            }
        }
    }

    /// `permitted_roles=true` (or the older `include_assignable_roles`) on the GET.
    static func includePermitted(_ query: QueryParameters) throws -> Bool {
        try query.bool("permitted_roles") ?? query.bool("include_assignable_roles") ?? false
    }
}
