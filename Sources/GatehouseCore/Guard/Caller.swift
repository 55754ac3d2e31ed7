/// Who a write is made for. Every write goes through `GuardedStore.write`, which checks the change against
/// what this caller itself holds (`EscalationGuard`).
public enum Caller: Sendable, Hashable {
    /// A key or a person acting through one of the doors (Provisioning, Permissions, Admin API, later the
    /// Console, SAML, SCIM).
    case principal(Principal)
    /// The operator of this installation: the `gatehouse` commands run on the data directory and the first
    /// start. Whoever can open the data directory can change anything in it, so the operator is bound by
    /// the owner rules only (the account owner stays a Master Admin that cannot be deleted or disabled).
    case local
    /// Someone not signed in (the sign-in page, a forgotten password): holds nothing, so it can change
    /// nothing that needs a grant.
    case anonymous
    /// The account's SAML identity provider, signing a person in (just-in-time provisioning, role mapping).
    /// Only an account Master Admin can configure it, so it may give what such a Master Admin could, in
    /// that account only; the owner rules hold as for everyone.
    case identityProvider(accountID: String, entityID: String)

    /// Whether this is the identity provider of `accountID`.
    public func isIdentityProvider(of accountID: String) -> Bool {
        if case .identityProvider(let id, _) = self { return id == accountID }
        return false
    }

    public var principal: Principal? {
        if case .principal(let p) = self { return p }
        return nil
    }
}
