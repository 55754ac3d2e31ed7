import Foundation

/// One holding of a role: (role, principal, scope, instance) is the unit, so a principal may hold the same
/// role in several environments or on several folders.
public struct RoleAssignment: Sendable, Hashable {
    /// Why the assignment exists: given by hand (the Permissions API, the Console), derived from a user's
    /// legacy role, or given by the account's SAML IdP (replaced at each SAML sign-in).
    public enum Source: String, Sendable, Hashable, Codable {
        case explicit
        case legacy
        case saml
        /// Given through SCIM's Cloudinary extension (`roles`), replaced by each SCIM write that sends it.
        case scim
    }

    public var accountID: String
    public var roleID: String
    public var principal: Principal
    /// nil for account scope; a product environment id or `all` for prodenv scope.
    public var scopeID: String?
    /// For content roles: the folder or collection the role is bound to.
    public var instance: ContentInstance?
    public var source: Source
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        accountID: String, roleID: String, principal: Principal, scopeID: String?, instance: ContentInstance?,
        source: Source, createdAt: Date, updatedAt: Date
    ) {
        self.accountID = accountID
        self.roleID = roleID
        self.principal = principal
        self.scopeID = scopeID
        self.instance = instance
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Same holding (ignoring timestamps and source).
    public func isSameHolding(as other: RoleAssignment) -> Bool {
        roleID == other.roleID && principal == other.principal && scopeID == other.scopeID && instance == other.instance
    }
}

/// The folder or collection a content role assignment is bound to.
public struct ContentInstance: Sendable, Hashable, Codable {
    public var kind: PolicyParameterKind
    public var id: String
    public init(kind: PolicyParameterKind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// The product environment value meaning "every product environment".
public let allProductEnvironments = "all"
