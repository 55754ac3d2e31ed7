/// Values for a new custom role; `nil` means "not given".
public struct NewRole: Sendable {
    public var id: String?
    public var name: String
    public var description: String?
    public var scopeType: ScopeType
    public var permissionType: PermissionType
    public var systemPolicyIDs: [String]?
    /// Copy the policies of this existing global role when `systemPolicyIDs` is not given.
    public var baseRoleID: String?

    public init(
        id: String? = nil, name: String, description: String? = nil, scopeType: ScopeType, permissionType: PermissionType,
        systemPolicyIDs: [String]? = nil, baseRoleID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.scopeType = scopeType
        self.permissionType = permissionType
        self.systemPolicyIDs = systemPolicyIDs
        self.baseRoleID = baseRoleID
    }
}

/// A role update: name is required (as the SDK requires it); the rest replaces what is given.
public struct RoleChanges: Sendable {
    public var name: String
    public var description: String??
    public var systemPolicyIDs: [String]?
    /// Present when a caller tried to change what cannot change.
    public var scopeType: ScopeType?
    public var permissionType: PermissionType?

    public init(name: String, description: String?? = nil, systemPolicyIDs: [String]? = nil, scopeType: ScopeType? = nil, permissionType: PermissionType? = nil) {
        self.name = name
        self.description = description
        self.systemPolicyIDs = systemPolicyIDs
        self.scopeType = scopeType
        self.permissionType = permissionType
    }
}

/// How a batch of assignment changes applies.
public enum AssignmentOperation: String, Sendable, CaseIterable {
    case add
    case remove
    /// Replace the principal's roles of the named permission type with exactly these.
    case set
}

/// One role to give or take, as requested: the role, the environment (`all` allowed) and, for content roles,
/// `policy_parameters` such as `["folder_id": "…"]`.
public struct RoleGrantRequest: Sendable {
    public var roleID: String
    public var principal: Principal
    public var scopeID: String?
    public var parameters: [String: String]

    public init(roleID: String, principal: Principal, scopeID: String?, parameters: [String: String]) {
        self.roleID = roleID
        self.principal = principal
        self.scopeID = scopeID
        self.parameters = parameters
    }
}

/// A role held by a principal, with where it came from (directly, or through a group).
public struct HeldRole: Sendable {
    public var role: Role
    public var assignment: RoleAssignment
    /// The group the role is inherited through, for users; nil when held directly.
    public var viaGroup: UserGroup?
}

/// New or replacement values of a custom policy.
public struct CustomPolicyInput: Sendable {
    public var name: String
    public var description: String?
    public var statement: String
    public var scopeType: ScopeType
    public var scopeID: String?
    public var enabled: Bool

    public init(name: String, description: String?, statement: String, scopeType: ScopeType, scopeID: String?, enabled: Bool) {
        self.name = name
        self.description = description
        self.statement = statement
        self.scopeType = scopeType
        self.scopeID = scopeID
        self.enabled = enabled
    }
}

/// Filters shared by the listing operations: a scope, and optionally a content instance.
public struct ScopeFilter: Sendable, Hashable {
    public var scopeType: ScopeType?
    public var scopeID: String?
    public var instance: ContentInstance?

    public init(scopeType: ScopeType? = nil, scopeID: String? = nil, instance: ContentInstance? = nil) {
        self.scopeType = scopeType
        self.scopeID = scopeID
        self.instance = instance
    }

    /// Whether an assignment of `role` falls in this filter. `all` assignments match every environment.
    public func matches(_ assignment: RoleAssignment, role: Role) -> Bool {
        if let scopeType, role.scopeType != scopeType { return false }
        if let scopeID, role.scopeType == .prodenv,
           assignment.scopeID != scopeID, assignment.scopeID != allProductEnvironments, scopeID != allProductEnvironments {
            return false
        }
        if let instance, assignment.instance != instance { return false }
        return true
    }
}
