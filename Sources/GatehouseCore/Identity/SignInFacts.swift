/// What the Provisioning API tells of a user's sign-in: how it signs in (`providers`) and its email
/// preferences.
public struct SignInFacts: Sendable, Hashable {
    public var hasPassword: Bool
    /// Has signed in through the account's SAML IdP.
    public var hasSAML = false
    public var productUpdates: Bool
    public var securityNotices: Bool

    public init(hasPassword: Bool = false, productUpdates: Bool = true, securityNotices: Bool = true) {
        self.hasPassword = hasPassword
        self.productUpdates = productUpdates
        self.securityNotices = securityNotices
    }

    /// The providers as Cloudinary names them.
    public var providers: [String] { (hasPassword ? ["password"] : []) + (hasSAML ? ["saml"] : []) }
}
