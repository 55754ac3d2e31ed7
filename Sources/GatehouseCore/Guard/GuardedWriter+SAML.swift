import Foundation

extension GuardedWriter {
    /// Whoever configures the IdP decides who it may make Master Admin (`Caller.identityProvider`), so only
    /// a holder of account Master Admin (or the operator) may.
    func save(_ settings: SAMLSettings) throws {
        guard settings.accountID == rules.accountID || rules.caller == .local else {
            throw GatehouseError.notAllowed("SAML settings belong to their own account")
        }
        try rules.ensureMasterAdmin(try callerStanding(), to: "change the account's SAML single sign-on")
        let old = try base.samlSettings(accountID: settings.accountID)
        try base.save(settings)
        try recordChange(
            "account.saml.update", AuditTarget(type: "account", id: settings.accountID),
            from: old.map(AuditSnapshot.of), to: AuditSnapshot.of(settings))
    }

    // Requests awaiting an answer and used assertion ids change no one's standing.
    func insert(_ request: SAMLPendingRequest) throws { try base.insert(request) }
    func deleteSAMLRequest(id: String) throws { try base.deleteSAMLRequest(id: id) }
    func useSAMLAssertion(id: String, issuer: String, expiresAt: Date, at time: Date) throws -> Bool {
        try base.useSAMLAssertion(id: id, issuer: issuer, expiresAt: expiresAt, at: time)
    }
    func save(_ login: SAMLLogin) throws { try base.save(login) }
    func samlLogin(userID: String) throws -> SAMLLogin? { try base.samlLogin(userID: userID) }
    func samlSettings(accountID: String) throws -> SAMLSettings? { try base.samlSettings(accountID: accountID) }
    func samlRequest(id: String) throws -> SAMLPendingRequest? { try base.samlRequest(id: id) }
}
