import GatehouseCore

/// `GET folder_operations/invite/{folder_id}` and `GET collection_operations/invite/{collection_id}`: who
/// holds which roles, each holding naming the instance it is held on under `instanceKey` (`folder_id` or
/// `collection_id`), and, when asked, `permitted_roles`.
struct WireContentRoles: Encodable {
    struct RoleEntry: Encodable {
        var id: String
        var name: String
        var description: String
        var inherited: Bool
    }
    struct SharedWith: Encodable {
        var type: String
        var id: String
        var instanceKey: String
        var instanceID: String
        var roles: [RoleEntry]

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: WireKey.self)
            try c.encode(type, forKey: WireKey("type"))
            try c.encode(id, forKey: WireKey("id"))
            try c.encode(instanceID, forKey: WireKey(instanceKey))
            try c.encode(roles, forKey: WireKey("roles"))
        }
    }
    struct PermittedRole: Encodable {
        var id: String
        var name: String
        var description: String
    }

    var shared_with: [SharedWith]
    var permitted_roles: [PermittedRole]?

    init(_ r: ContentRoles, instanceKey: String) {
        shared_with = r.sharedWith.map { h in
            SharedWith(
                type: h.principal.type.rawValue, id: h.principal.id, instanceKey: instanceKey, instanceID: h.instanceID,
                roles: h.roles.map { RoleEntry(id: $0.id, name: $0.name, description: $0.description ?? "", inherited: h.inherited) })
        }
        permitted_roles = r.permittedRoles?.map { PermittedRole(id: $0.id, name: $0.name, description: $0.description ?? "") }
    }
}
