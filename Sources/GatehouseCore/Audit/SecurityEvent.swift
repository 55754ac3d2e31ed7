/// The security events of signing in and of the credentials behind it (`auth.*`). The identity service
/// records each in the transaction that makes the change, like every other event; a failure (a wrong
/// password, a wrong code) is recorded in a transaction of its own, since there is no change to roll
/// back with it. The writer stamps the actor and the request's origin (`GuardedWriter.append`).
enum SecurityEvent {
    static let signInSuccess = "auth.sign_in.success"
    static let signInFailure = "auth.sign_in.failure"
    /// Too many failures: the email or the client address is locked for a while.
    static let lockout = "auth.lockout"
    static let invitationSend = "auth.invitation.send"
    static let invitationAccept = "auth.invitation.accept"
    static let resetRequest = "auth.password.reset_request"
    static let reset = "auth.password.reset"
    static let passwordChange = "auth.password.change"
    /// A new authenticator secret, not yet confirmed by a first code.
    static let twoFactorBegin = "auth.two_factor.begin"
    static let twoFactorEnroll = "auth.two_factor.enroll"
    static let recoveryCodeUse = "auth.recovery_code.use"
    static let sessionEnd = "auth.session.end"
    static let forceLogout = "auth.force_logout"
    /// Roles or cloud names in a SAML assertion that Gatehouse did not know, ignored at sign-in.
    static let samlMappingIgnored = "auth.saml.mapping_ignored"

    static func target(_ user: User) -> AuditTarget { AuditTarget(type: "user", id: user.id, name: user.name) }
}

extension StoreWriter {
    /// Records a security event about `target` in `accountID`. `authentication` names how a sign-in was
    /// proved (`password`, `password+totp`, `password+recovery_code`) when it is not the caller's usual way.
    func recordSecurityEvent(
        _ action: String, target: AuditTarget, accountID: String, outcome: AuditOutcome = .success, details: [String: JSONValue]? = nil,
        authentication: String? = nil
    ) throws {
        // The actor is a placeholder: the guarded writer replaces it with the transaction's own caller.
        try append(AuditDraft(
            accountID: accountID, actor: AuditActor(type: .system, id: "system", authentication: authentication), action: action,
            target: target, after: details.map(JSONValue.object), outcome: outcome))
    }

    func recordSecurityEvent(
        _ action: String, on user: User, outcome: AuditOutcome = .success, details: [String: JSONValue]? = nil, authentication: String? = nil
    ) throws {
        try recordSecurityEvent(
            action, target: SecurityEvent.target(user), accountID: user.accountID, outcome: outcome, details: details,
            authentication: authentication)
    }
}
