/// The roles on one folder or collection as the Admin API's invite endpoints show them: per principal and
/// per instance where the roles were given, plus, when asked, the roles the caller may give there.
public struct ContentRoles: Sendable {
    public var sharedWith: [ContentRoleHolding]
    /// The content roles the caller may give or take on this instance; nil unless asked for.
    public var permittedRoles: [Role]?

    public init(sharedWith: [ContentRoleHolding], permittedRoles: [Role]?) {
        self.sharedWith = sharedWith
        self.permittedRoles = permittedRoles
    }
}

/// One principal's content roles held on one folder or collection.
public struct ContentRoleHolding: Sendable {
    public var principal: Principal
    /// The external id of the folder or collection the roles are held on.
    public var instanceID: String
    public var roles: [Role]
    /// True when the roles are held on a folder above the requested one (never for collections).
    public var inherited: Bool

    public init(principal: Principal, instanceID: String, roles: [Role], inherited: Bool) {
        self.principal = principal
        self.instanceID = instanceID
        self.roles = roles
        self.inherited = inherited
    }
}
