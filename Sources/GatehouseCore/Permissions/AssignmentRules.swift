/// Which assignments are meaningful, in one place. An assignment that could grant nothing is refused rather
/// than stored and silently ignored.
public enum AssignmentRules {
    /// Normalizes the scope of an assignment for `role`:
    /// - account-level roles are always at account level (no scope id);
    /// - Master Admin (prodenv) is always "all product environments";
    /// - other prodenv roles need an environment id or `all`.
    public static func scope(for role: Role, requested: String?) throws(GatehouseError) -> String? {
        switch role.scopeType {
        case .account:
            return nil
        case .prodenv:
            if role.id == masterAdminProdenvRoleID { return allProductEnvironments }
            guard let requested, !requested.isEmpty else {
                throw .invalidField(field: "scope_id", reason: "is required for product-environment role \(role.id) (an environment id or all)")
            }
            return requested
        }
    }

    /// Who may hold the role: account-level roles act for account (provisioning) keys, not environment API keys;
    /// collection roles only for users and groups.
    public static func ensurePrincipalFits(_ role: Role, principal: Principal) throws(GatehouseError) {
        guard role.assignableTo.contains(principal.type) else {
            let reason: String
            switch (role.scopeType, principal.type) {
            case (.account, .apiKey):
                reason = "an account-level role has no effect on a product-environment API key"
            case (.prodenv, .provisioningKey):
                reason = "a product-environment role has no effect on an account (provisioning) key"
            default:
                reason = "role \(role.id) cannot be assigned to a \(principal.type.rawValue)"
            }
            throw .invalidField(field: "principal_type", reason: reason)
        }
    }

    /// Content roles need their instance (`{"folder_id": …}` / `{"collection_id": …}`); global roles take none.
    public static func instance(for role: Role, parameters: [String: String]) throws(GatehouseError) -> ContentInstance? {
        guard let kind = role.contentKind else { return nil }
        guard let id = parameters[kind.rawValue], !id.isEmpty else {
            throw .invalidField(field: "policy_parameters", reason: "must name the \(kind.rawValue) for content role \(role.id)")
        }
        return ContentInstance(kind: kind, id: id)
    }

    /// An API key holds product-environment roles only in its own environment.
    public static func ensureKeyScope(keyEnvironmentID: String, scopeID: String?) throws(GatehouseError) {
        if let scopeID, scopeID != allProductEnvironments, scopeID != keyEnvironmentID {
            throw .invalidField(field: "scope_id", reason: "an API key can only hold roles in its own product environment \(keyEnvironmentID)")
        }
    }

    public static let masterAdminProdenvRoleID = "cld::role::prodenv::master_admin"
    public static let masterAdminAccountRoleID = "cld::role::account::master_admin"
}
