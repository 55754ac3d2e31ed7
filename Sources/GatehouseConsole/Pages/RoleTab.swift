import GatehouseCore

/// The three tabs of Role Management: which roles and which system policies each one holds.
enum RoleTab: String, Sendable, CaseIterable {
    case global
    case folder
    case collection

    /// The tab of `?tab=`; the Global Roles tab when it is missing or unknown.
    init(query: Substring?) { self = query.flatMap { RoleTab(rawValue: String($0)) } ?? .global }

    /// The tab a role is listed on.
    init(of role: Role) {
        switch role.contentKind {
        case .folderID?: self = .folder
        case .collectionID?: self = .collection
        case nil: self = .global
        }
    }

    var label: String {
        switch self {
        case .global: "Global Roles"
        case .folder: "Folder Roles"
        case .collection: "Collection Roles"
        }
    }

    /// The singular, for headings and the create button's page.
    var noun: String {
        switch self {
        case .global: "global role"
        case .folder: "folder role"
        case .collection: "collection role"
        }
    }

    var permissionType: PermissionType { self == .global ? .global : .content }

    var parameters: [PolicyParameterKind] {
        switch self {
        case .global: []
        case .folder: [.folderID]
        case .collection: [.collectionID]
        }
    }

    /// Cloudinary offers custom global and folder roles; collection roles are system roles only.
    var allowsCustomRoles: Bool { self != .collection }

    func holds(_ role: Role) -> Bool { RoleTab(of: role) == self }

    /// The system policies a role of this tab may contain, in the catalog's order; `scope` narrows them to one level.
    func policies(in catalog: Catalog, scope: ScopeType? = nil) -> [SystemPolicy] {
        catalog.policies.filter { policy in
            policy.permissionType == permissionType && (self == .global || policy.policyParameters == parameters)
                && (scope == nil || policy.scopeType == scope)
        }
    }
}

extension ScopeType {
    /// The permission level as the Console names it.
    var levelLabel: String { self == .account ? "Account" : "Product environment" }
}
