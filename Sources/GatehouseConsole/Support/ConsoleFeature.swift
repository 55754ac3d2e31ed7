import GatehouseCore

/// A Console area or action as the catalog names it (`Cloudinary::Feature::"cld::global::…"`): the Console
/// asks the Cedar engine about these for the signed-in user, exactly as the APIs ask about routes.
enum ConsoleFeature: String, Sendable, CaseIterable {
    case usersView = "cld::global::users::view"
    case usersCreate = "cld::global::users::create"
    case usersUpdate = "cld::global::users::update"
    case usersDelete = "cld::global::users::delete"
    case groupsView = "cld::global::groups::view"
    case groupsCreate = "cld::global::groups::create"
    case groupsUpdate = "cld::global::groups::update"
    case groupsDelete = "cld::global::groups::delete"
    case rolesView = "cld::global::roles::view"
    case rolesManage = "cld::global::roles::manage"
    case productEnvironmentsManage = "cld::global::product_environments::manage"
    case accountAPIKeysManage = "cld::global::account_api_keys::manage"
    case accountView = "cld::global::account::view"
    case accountUpdate = "cld::global::account::update"
    case billingView = "cld::global::billing::view"
    case billingManage = "cld::global::billing::manage"
    /// Reading the audit log (the Audit log page, "last changed by" in the Access explorer): Gatehouse's own
    /// feature (`AuditLog.readFeatureID`), granted by the catalog's audit-log policy that Master Admin and Admin
    /// hold, and asked by the HTTP endpoint too.
    case auditLogView = "gatehouse::global::audit_log::view"
    /// Granted per product environment (prodenv scope), so asked with that environment as the scope.
    case apiKeysView = "cld::global::api_keys::view"
    case apiKeysManage = "cld::global::api_keys::manage"

    /// Account-level features, decided once per page for the menus.
    static let accountLevel: [ConsoleFeature] = allCases.filter { !$0.isPerEnvironment }

    var isPerEnvironment: Bool { self == .apiKeysView || self == .apiKeysManage }

    /// The question for the decision service.
    func check(for principal: Principal, in environmentID: String? = nil) -> CheckRequest {
        CheckRequest(principal: principal, action: "read", resource: .init(type: "Cloudinary::Feature", id: rawValue), scopeID: environmentID)
    }
}
