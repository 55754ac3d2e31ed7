/// The permission level a role picker works at, as the Console names them: **Account**, **All product
/// environments**, or one product environment. Global roles are given and replaced one level at a time.
public enum RoleLevel: Sendable, Hashable {
    case account
    /// An environment id, or `allProductEnvironments`.
    case environment(String)

    /// From a form value: `account`, `all` or an environment id.
    public init(_ value: String) {
        self = value == "account" ? .account : .environment(value)
    }

    /// The form value.
    public var value: String {
        switch self {
        case .account: "account"
        case .environment(let id): id
        }
    }

    /// The scope id an assignment at this level carries (nil at account level).
    public var scopeID: String? {
        switch self {
        case .account: nil
        case .environment(let id): id
        }
    }

    /// Whether a global holding sits exactly at this level (an `all` holding is not one environment's).
    public func holds(_ assignment: RoleAssignment, of role: Role) -> Bool {
        guard role.permissionType == .global else { return false }
        switch self {
        case .account: return role.scopeType == .account
        case .environment(let id): return role.scopeType == .prodenv && assignment.scopeID == id
        }
    }

    /// Why `role` cannot be given at this level (the seed's rules: an account role forces Account, the product
    /// environment Master Admin forces All product environments), or nil when it can.
    public func mismatch(with role: Role) -> String? {
        switch self {
        case .account where role.scopeType != .account:
            return "\(role.name) is a product environment role: choose All product environments or one environment"
        case .environment where role.scopeType == .account:
            return "\(role.name) is an account role: choose Account"
        case .environment(let id) where role.id == AssignmentRules.masterAdminProdenvRoleID && id != allProductEnvironments:
            return "Master Admin of product environments applies to all of them: choose All product environments"
        default:
            return nil
        }
    }
}
