import Crypto
import Foundation

/// The IdP an account trusts: where to send people to sign in and the certificates its signatures must
/// verify with (two during a rotation).
public struct SAMLIdentityProvider: Sendable, Hashable, Codable {
    public var entityID: String
    /// The SSO endpoint for the HTTP-Redirect binding.
    public var ssoURL: String
    /// Signing certificates, base64 DER (no PEM armour, no whitespace).
    public var certificates: [String]

    public init(entityID: String, ssoURL: String, certificates: [String]) {
        self.entityID = entityID
        self.ssoURL = ssoURL
        self.certificates = certificates
    }
}

extension SAMLIdentityProvider {
    /// A certificate's SHA-256 fingerprint (hex pairs), how administrators compare certificates.
    public static func fingerprint(of certificate: String) -> String {
        guard let der = Data(base64Encoded: certificate) else { return "unreadable" }
        return SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
