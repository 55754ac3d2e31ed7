import Foundation

/// An account-level key (Cloudinary's provisioning key) for the Provisioning and Permissions APIs.
/// Only a salted hash of the secret is kept; see `SecretHasher`.
public struct ProvisioningKey: Sendable, Hashable {
    /// Which door the key opens. A SCIM token is a provisioning key whose secret travels as a bearer token:
    /// it has roles, is authorized by the Cedar engine and audited like any key, but only `/scim/v2` accepts it.
    public enum Purpose: String, Sendable, Hashable {
        case api
        case scim
    }

    public var key: String
    public var accountID: String
    public var name: String?
    public var secretSalt: [UInt8]
    public var secretHash: [UInt8]
    public var enabled: Bool
    public var purpose: Purpose
    public var createdAt: Date

    public init(
        key: String, accountID: String, name: String?, secretSalt: [UInt8], secretHash: [UInt8],
        enabled: Bool = true, purpose: Purpose = .api, createdAt: Date
    ) {
        self.key = key
        self.accountID = accountID
        self.name = name
        self.secretSalt = secretSalt
        self.secretHash = secretHash
        self.enabled = enabled
        self.purpose = purpose
        self.createdAt = createdAt
    }
}
