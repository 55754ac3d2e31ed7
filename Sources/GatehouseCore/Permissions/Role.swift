import Foundation

/// A role: a named set of system policies with a fixed scope and permission type.
public struct Role: Sendable, Hashable, Identifiable {
    public var id: String
    /// nil for system roles (shared by every account).
    public var accountID: String?
    public var name: String
    public var description: String?
    public var managementType: ManagementType
    public var scopeType: ScopeType
    public var permissionType: PermissionType
    /// For content roles: the instance kind (`folder_id` or `collection_id`).
    public var policyParameters: [PolicyParameterKind]
    public var systemPolicyIDs: [String]
    /// Which principal kinds may hold it (system roles say; custom roles follow their scope and type).
    public var assignableTo: [PrincipalType]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, accountID: String?, name: String, description: String?, managementType: ManagementType,
        scopeType: ScopeType, permissionType: PermissionType, policyParameters: [PolicyParameterKind],
        systemPolicyIDs: [String], assignableTo: [PrincipalType], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.description = description
        self.managementType = managementType
        self.scopeType = scopeType
        self.permissionType = permissionType
        self.policyParameters = policyParameters
        self.systemPolicyIDs = systemPolicyIDs
        self.assignableTo = assignableTo
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isSystem: Bool { managementType == .system }
    public var contentKind: PolicyParameterKind? { permissionType == .content ? policyParameters.first : nil }
}
