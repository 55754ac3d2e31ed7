import Foundation
import GatehouseCore

/// Permissions timestamps are integer epoch seconds (the SDK rejects ISO strings there).
func epochSeconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }

/// `SystemPolicyResponseData`.
struct WireSystemPolicy: Encodable {
    var id: String
    var name: String
    var description: String?
    var scope_type: String
    var permission_type: String
    var category: String?
    var sub_category: String?
    var policy_parameters: [String]
    var policy_statement: String
    var created_at: Int
    var updated_at: Int

    init(_ p: SystemPolicy, statement: String? = nil, at date: Date) {
        id = p.id
        name = p.name
        description = p.description
        scope_type = p.scopeType.rawValue
        permission_type = p.permissionType.rawValue
        category = p.category
        sub_category = p.subCategory
        policy_parameters = p.policyParameters.map(\.rawValue)
        policy_statement = statement ?? p.statement
        created_at = epochSeconds(date)
        updated_at = epochSeconds(date)
    }
}

/// `RoleResponseData` / `RoleResponseData1` (with `policies`).
struct WireRole: Encodable {
    var id: String
    var name: String
    var description: String?
    var management_type: String
    var permission_type: String
    var scope_type: String
    var policy_parameters: [String]
    var created_at: Int
    var updated_at: Int
    var policies: [WireSystemPolicy]?

    init(_ r: Role, policies: [WireSystemPolicy]? = nil) {
        id = r.id
        name = r.name
        description = r.description
        management_type = r.managementType.rawValue
        permission_type = r.permissionType.rawValue
        scope_type = r.scopeType.rawValue
        policy_parameters = r.policyParameters.map(\.rawValue)
        created_at = epochSeconds(r.createdAt)
        updated_at = epochSeconds(r.updatedAt)
        self.policies = policies
    }
}

/// `{"folder_id": "…"}` — the object form of policy parameters used on assignments.
func wireParameters(_ instance: ContentInstance?) -> [String: String]? {
    instance.map { [$0.kind.rawValue: $0.id] }
}

/// `PrincipalResponseData`: one holder of a role.
struct WireRolePrincipal: Encodable {
    var id: String
    var type: String
    var role_id: String
    var scope_type: String
    var scope_id: String?
    var policy_parameters: [String: String]?
    var created_at: Int
    var updated_at: Int

    init(_ a: RoleAssignment, role: Role) {
        id = a.principal.id
        type = a.principal.type.rawValue
        role_id = a.roleID
        scope_type = role.scopeType.rawValue
        scope_id = a.scopeID
        policy_parameters = wireParameters(a.instance)
        created_at = epochSeconds(a.createdAt)
        updated_at = epochSeconds(a.updatedAt)
    }
}

/// `PrincipalRolesData`: one role held by a principal; `inherited_from` names the group it comes through.
struct WireHeldRole: Encodable {
    struct Origin: Encodable {
        var type: String
        var id: String
        var name: String
    }
    var id: String
    var name: String
    var description: String?
    var management_type: String
    var permission_type: String
    var scope_type: String
    var scope_id: String?
    var policy_parameters: [String: String]?
    var created_at: Int
    var updated_at: Int
    var inherited: Bool
    var inherited_from: Origin?
    /// How the assignment came to be (a Gatehouse addition): `explicit` (given by hand), `legacy` (the
    /// user's legacy role), `saml` (the account's IdP, replaced at each SAML sign-in).
    var source: String

    init(_ held: HeldRole) {
        id = held.role.id
        name = held.role.name
        description = held.role.description
        management_type = held.role.managementType.rawValue
        permission_type = held.role.permissionType.rawValue
        scope_type = held.role.scopeType.rawValue
        scope_id = held.assignment.scopeID
        policy_parameters = wireParameters(held.assignment.instance)
        created_at = epochSeconds(held.assignment.createdAt)
        updated_at = epochSeconds(held.assignment.updatedAt)
        inherited = held.viaGroup != nil
        inherited_from = held.viaGroup.map { Origin(type: "group", id: $0.id, name: $0.name) }
        source = held.assignment.source.rawValue
    }
}

/// `CustomPolicyResponseData`.
struct WireCustomPolicy: Encodable {
    var id: String
    var name: String
    var description: String?
    var policy_statement: String
    var scope_type: String
    var scope_id: String?
    var enabled: Bool
    var created_at: Int
    var updated_at: Int

    init(_ p: CustomPolicy) {
        id = p.id
        name = p.name
        description = p.description
        policy_statement = p.statement
        scope_type = p.scopeType.rawValue
        scope_id = p.scopeID
        enabled = p.enabled
        created_at = epochSeconds(p.createdAt)
        updated_at = epochSeconds(p.updatedAt)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(policy_statement, forKey: .policy_statement)
        try c.encode(scope_type, forKey: .scope_type)
        try c.encode(scope_id, forKey: .scope_id)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(created_at, forKey: .created_at)
        try c.encode(updated_at, forKey: .updated_at)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, policy_statement, scope_type, scope_id, enabled, created_at, updated_at
    }
}

/// `{"data": …}` envelope of every Permissions success body, with `next_cursor` where paged.
struct DataEnvelope<T: Encodable>: Encodable {
    var data: T
    var next_cursor: String?
    init(_ data: T, nextCursor: String? = nil) {
        self.data = data
        next_cursor = nextCursor
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(next_cursor, forKey: .next_cursor)
    }

    enum CodingKeys: String, CodingKey { case data, next_cursor }
}
