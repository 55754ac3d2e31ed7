/// Gatehouse as one account's SAML service provider: the addresses the IdP is configured with.
public struct SAMLServiceProvider: Sendable, Hashable {
    /// The entity id is the metadata address, as most IdPs expect.
    public var entityID: String
    public var metadataURL: String
    /// Assertion Consumer Service (HTTP-POST binding).
    public var acsURL: String
    /// Where a person starts an SP-initiated login.
    public var loginURL: String

    public init(publicURL: String, accountID: String) {
        let base = "\(publicURL)/saml/\(accountID)"
        metadataURL = "\(base)/metadata"
        entityID = metadataURL
        acsURL = "\(base)/acs"
        loginURL = "\(base)/login"
    }
}
