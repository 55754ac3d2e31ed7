import Foundation

/// The system policies, system roles and legacy-role mappings Gatehouse ships, loaded from the bundled
/// `catalog.json` (Cloudinary's catalog as far as it is known; entries say whether each is documented).
public struct Catalog: Sendable {
    public let policies: [SystemPolicy]
    public let roles: [Role]
    /// Legacy provisioning role → the system roles it stands for.
    public let legacyMappings: [LegacyRole: [LegacyRoleGrant]]
    /// The whole catalog document, served as is by `public/catalog`.
    public let document: JSONValue

    private let policiesByID: [String: SystemPolicy]
    private let rolesByID: [String: Role]

    public enum LoadError: Error, CustomStringConvertible {
        case missingResource
        case malformed(String)
        public var description: String {
            switch self {
            case .missingResource: "catalog.json is missing from the GatehouseCore bundle"
            case .malformed(let why): "catalog.json is malformed: \(why)"
            }
        }
    }

    /// Loads the bundled catalog.
    public static func bundled() throws -> Catalog {
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "json") else { throw LoadError.missingResource }
        return try Catalog(data: Data(contentsOf: url))
    }

    public init(data: Data) throws {
        let raw = try JSONDecoder().decode(RawCatalog.self, from: data)
        document = try JSONDecoder().decode(JSONValue.self, from: data)
        let epoch = Date(timeIntervalSince1970: 1_719_475_200)  // catalog entries predate every account
        policies = try raw.system_policies.map { p in
            guard let scope = ScopeType(rawValue: p.scope_type), let permission = PermissionType(rawValue: p.permission_type) else {
                throw LoadError.malformed("policy \(p.id) has scope \(p.scope_type) / type \(p.permission_type)")
            }
            return SystemPolicy(
                id: p.id, name: p.name, description: p.description, scopeType: scope, permissionType: permission,
                category: p.category, subCategory: p.sub_category,
                policyParameters: try Self.parse(p.policy_parameters, "policy \(p.id) policy_parameters"), statement: p.policy_statement)
        }
        roles = try raw.system_roles.map { r in
            guard let scope = ScopeType(rawValue: r.scope_type), let permission = PermissionType(rawValue: r.permission_type) else {
                throw LoadError.malformed("role \(r.id) has scope \(r.scope_type) / type \(r.permission_type)")
            }
            return Role(
                id: r.id, accountID: nil, name: r.name, description: r.description, managementType: .system,
                scopeType: scope, permissionType: permission,
                policyParameters: try Self.parse(r.policy_parameters, "role \(r.id) policy_parameters"),
                systemPolicyIDs: r.system_policy_ids, assignableTo: try Self.parse(r.assignable_to, "role \(r.id) assignable_to"),
                createdAt: epoch, updatedAt: epoch)
        }
        var mappings: [LegacyRole: [LegacyRoleGrant]] = [:]
        for legacy in raw.legacy_roles {
            guard let role = LegacyRole(rawValue: legacy.name) else { throw LoadError.malformed("legacy role \(legacy.name)") }
            // An entry with neither role nor scope is a note; any other must name both.
            mappings[role] = try legacy.maps_to.filter { $0.role_id != nil || $0.scope != nil }.map { m in
                guard let id = m.role_id, let scope = m.scope.flatMap(ScopeType.init(rawValue:)) else {
                    throw LoadError.malformed("legacy role \(legacy.name) maps to \(m.role_id ?? "no role") in scope \(m.scope ?? "none")")
                }
                return LegacyRoleGrant(roleID: id, scopeType: scope, allEnvironments: m.scope_id == "all product environments")
            }
        }
        legacyMappings = mappings
        policiesByID = Dictionary(uniqueKeysWithValues: policies.map { ($0.id, $0) })
        rolesByID = Dictionary(uniqueKeysWithValues: roles.map { ($0.id, $0) })
        for role in roles {
            for id in role.systemPolicyIDs where policiesByID[id] == nil {
                throw LoadError.malformed("role \(role.id) names unknown policy \(id)")
            }
        }
    }

    /// Every value must be one Gatehouse knows: an unknown one is a catalog this version cannot serve.
    private static func parse<T: RawRepresentable>(_ raws: [String], _ what: String) throws -> [T] where T.RawValue == String {
        try raws.map { raw in
            guard let value = T(rawValue: raw) else { throw LoadError.malformed("\(what) has unknown value \(raw)") }
            return value
        }
    }

    public func policy(id: String) -> SystemPolicy? { policiesByID[id] }
    public func role(id: String) -> Role? { rolesByID[id] }

    private struct RawCatalog: Decodable {
        struct Policy: Decodable {
            var id: String, name: String, description: String?, scope_type: String, permission_type: String
            var category: String?, sub_category: String?, policy_parameters: [String], policy_statement: String
        }
        struct RoleEntry: Decodable {
            var id: String, name: String, description: String?, scope_type: String, permission_type: String
            var policy_parameters: [String], system_policy_ids: [String], assignable_to: [String]
        }
        struct Legacy: Decodable {
            struct Mapping: Decodable { var role_id: String?, scope: String?, scope_id: String? }
            var name: String
            var maps_to: [Mapping]
        }
        var system_policies: [Policy]
        var system_roles: [RoleEntry]
        var legacy_roles: [Legacy]
    }
}

/// One system role a legacy role stands for, at account level or in the user's product environments.
public struct LegacyRoleGrant: Sendable, Hashable {
    public var roleID: String
    public var scopeType: ScopeType
    /// Master Admin holds its prodenv role in every environment, whatever the user's access list says.
    public var allEnvironments: Bool
}
