/// What makes a role well-formed, in one place: ids, names, scope/type fit of its policies, and which roles
/// may change at all.
public enum RoleRules {
    public static let maxIDLength = 128

    /// Custom ids must be URL-safe (the new SDK puts them raw into paths) and must not pose as system ids.
    public static func validatedCustomID(_ raw: String) throws(GatehouseError) -> String {
        guard !raw.isEmpty, raw.count <= maxIDLength,
              raw.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-:.".unicodeScalars.contains($0) })
        else {
            throw .invalidField(field: "id", reason: "must be 1 to 128 letters, digits, '_', '-', ':' or '.'")
        }
        guard !raw.hasPrefix("cld::") else { throw .invalidField(field: "id", reason: "must not start with cld:: (reserved for system roles)") }
        return raw
    }

    /// System roles are view-only.
    public static func ensureEditable(_ role: Role) throws(GatehouseError) {
        if role.isSystem { throw .notAllowed("System role \(role.id) is view-only: it cannot be changed or deleted") }
    }

    /// Cloudinary offers custom global and folder roles, never custom collection roles.
    public static func ensureCreatable(permissionType: PermissionType, parameters: [PolicyParameterKind]) throws(GatehouseError) {
        if permissionType == .content {
            guard parameters == [.folderID] else {
                throw .invalidField(
                    field: "permission_type",
                    reason: "content roles can only be folder roles (collection roles are system roles only)")
            }
        }
    }

    /// Content roles live in one product environment.
    public static func ensureScopeFits(scopeType: ScopeType, permissionType: PermissionType) throws(GatehouseError) {
        if permissionType == .content && scopeType != .prodenv {
            throw .invalidField(field: "scope_type", reason: "must be prodenv for content (folder) roles")
        }
    }

    /// Every policy must exist and match the role's scope, permission type and instance kind.
    public static func policies(
        _ ids: [String], for scopeType: ScopeType, _ permissionType: PermissionType, _ parameters: [PolicyParameterKind],
        catalog: Catalog
    ) throws(GatehouseError) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for id in ids where seen.insert(id).inserted {
            guard let policy = catalog.policy(id: id) else {
                throw .invalidField(field: "system_policy_ids", reason: "names unknown system policy \(id)")
            }
            guard policy.scopeType == scopeType, policy.permissionType == permissionType,
                  permissionType == .global || policy.policyParameters == parameters
            else {
                throw .invalidField(
                    field: "system_policy_ids",
                    reason: "policy \(id) is a \(policy.scopeType.rawValue)/\(policy.permissionType.rawValue) policy and does not fit a \(scopeType.rawValue)/\(permissionType.rawValue) role")
            }
            result.append(id)
        }
        return result
    }

    /// Principal kinds a custom role may be given to, from its scope and type.
    public static func assignableTo(scopeType: ScopeType, permissionType: PermissionType) -> [PrincipalType] {
        scopeType == .account ? [.user, .group, .provisioningKey] : [.user, .group, .apiKey]
    }
}
