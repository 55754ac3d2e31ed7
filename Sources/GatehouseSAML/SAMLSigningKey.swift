import Crypto
import Foundation
import GatehouseCore
import X509
import _CryptoExtras

/// A public key from one of the IdP's configured certificates (never from the message's KeyInfo).
enum SAMLSigningKey {
    case rsa(_RSA.Signing.PublicKey)
    case p256(P256.Signing.PublicKey)
    case p384(P384.Signing.PublicKey)
    case p521(P521.Signing.PublicKey)

    /// The key of a certificate given as base64 DER; nil for anything else.
    init?(certificateBase64 text: String) {
        guard let der = Data(base64Encoded: text), let certificate = try? Certificate(derEncoded: Array(der)) else {
            return nil
        }
        self.init(certificate.publicKey)
    }

    init?(_ key: Certificate.PublicKey) {
        if let rsa = _RSA.Signing.PublicKey(key) {
            self = .rsa(rsa)
        } else if let p256 = P256.Signing.PublicKey(key) {
            self = .p256(p256)
        } else if let p384 = P384.Signing.PublicKey(key) {
            self = .p384(p384)
        } else if let p521 = P521.Signing.PublicKey(key) {
            self = .p521(p521)
        } else {
            return nil
        }
    }

    /// Whether `signature` (PKCS#1 v1.5 for RSA; r‖s for ECDSA, as XML-DSig writes it) signs `message`.
    func isValid(signature: [UInt8], for message: [UInt8], algorithm: SAMLSignatureAlgorithm) -> Bool {
        switch (self, algorithm.keyType) {
        case (.rsa(let key), .rsa):
            let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch algorithm.digest {
            case .sha256: return key.isValidSignature(rsaSignature, for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
            case .sha384: return key.isValidSignature(rsaSignature, for: SHA384.hash(data: message), padding: .insecurePKCS1v1_5)
            case .sha512: return key.isValidSignature(rsaSignature, for: SHA512.hash(data: message), padding: .insecurePKCS1v1_5)
            }
        case (.p256(let key), .ecdsa):
            guard let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return Self.check(algorithm.digest, message) { key.isValidSignature(ecdsa, for: $0) }
        case (.p384(let key), .ecdsa):
            guard let ecdsa = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return Self.check(algorithm.digest, message) { key.isValidSignature(ecdsa, for: $0) }
        case (.p521(let key), .ecdsa):
            guard let ecdsa = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return Self.check(algorithm.digest, message) { key.isValidSignature(ecdsa, for: $0) }
        default:
            return false
        }
    }

    private static func check(_ digest: SAMLDigestAlgorithm, _ message: [UInt8], _ verify: (any Digest) -> Bool) -> Bool {
        switch digest {
        case .sha256: verify(SHA256.hash(data: message))
        case .sha384: verify(SHA384.hash(data: message))
        case .sha512: verify(SHA512.hash(data: message))
        }
    }
}
