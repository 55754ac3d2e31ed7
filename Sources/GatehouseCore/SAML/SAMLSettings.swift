import Foundation

/// An account's SAML single sign-on (Account Security): the IdP it trusts and how strictly.
public struct SAMLSettings: Sendable, Hashable {
    public var accountID: String
    public var enabled: Bool
    /// Password sign-in is refused to everyone but holders of account Master Admin.
    public var enforced: Bool
    /// Unsolicited responses (the IdP's own app tile) are accepted.
    public var idpInitiated: Bool
    /// A user created through another door is mailed an invitation to set a Console password; only while
    /// SAML is not enforced (Master Admins are always invited).
    public var inviteNewUsers: Bool
    public var identityProvider: SAMLIdentityProvider?
    public var updatedAt: Date

    public init(
        accountID: String, enabled: Bool = false, enforced: Bool = false, idpInitiated: Bool = false,
        inviteNewUsers: Bool = true, identityProvider: SAMLIdentityProvider? = nil, updatedAt: Date
    ) {
        self.accountID = accountID
        self.enabled = enabled
        self.enforced = enforced
        self.idpInitiated = idpInitiated
        self.inviteNewUsers = inviteNewUsers
        self.identityProvider = identityProvider
        self.updatedAt = updatedAt
    }

    /// Sign-in through the IdP is possible: enabled and an IdP configured.
    public var isActive: Bool { enabled && identityProvider != nil }
    /// Password sign-in is refused to non-Master-Admins.
    public var isEnforced: Bool { isActive && enforced }
}
