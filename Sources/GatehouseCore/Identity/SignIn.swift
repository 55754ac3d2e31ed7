import Foundation

/// Where a sign-in stands after the password.
public enum SignInStep: Sendable, Equatable {
    /// Signed in: the session token for the cookie.
    case signedIn(sessionToken: String)
    /// The password was right; the authentication code comes next, with this one-time step token.
    case needsSecondFactor(stepToken: String)
    /// The password was right, but the account signs in through its SAML IdP (enforced): go there.
    case singleSignOnRequired(accountID: String)
}

/// A request from a signed-in browser: who, through which session, and the form token its posts carry.
public struct SignedIn: Sendable {
    public var user: User
    public var session: StoredSession
    public var csrfToken: String
    /// The account requires a second factor and this user has none yet: set it up before anything else.
    public var mustSetUpTwoFactor: Bool
}

/// Where a request comes from, for throttling and the sessions list.
public struct ClientInfo: Sendable {
    public var address: String
    public var userAgent: String?
    public init(address: String, userAgent: String?) {
        self.address = address
        self.userAgent = userAgent
    }
}

/// A new authenticator secret, shown once: as text and as the URL an authenticator app scans.
public struct TwoFactorEnrollment: Sendable {
    public var secretBase32: String
    public var provisioningURL: String
}
