import Foundation

/// What the store keeps for SAML sign-in: each account's settings, the AuthnRequests awaiting an answer and
/// the assertion ids already used.
public protocol SAMLReader {
    func samlSettings(accountID: String) throws -> SAMLSettings?
    func samlRequest(id: String) throws -> SAMLPendingRequest?
    func samlLogin(userID: String) throws -> SAMLLogin?
}

public protocol SAMLWriter: SAMLReader {
    func save(_ settings: SAMLSettings) throws
    func insert(_ request: SAMLPendingRequest) throws
    func deleteSAMLRequest(id: String) throws
    /// Notes an assertion id as used until `expiresAt`; false when it was used already (a replay). Also
    /// forgets requests and assertion ids whose time has passed.
    func useSAMLAssertion(id: String, issuer: String, expiresAt: Date, at time: Date) throws -> Bool
    func save(_ login: SAMLLogin) throws
}
