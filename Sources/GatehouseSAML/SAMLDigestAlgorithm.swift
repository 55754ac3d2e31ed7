import Crypto
import GatehouseCore

/// The digest and signature algorithms a signature may use: SHA-2 only, SHA-1 refused as weak.
enum SAMLDigestAlgorithm {
    case sha256, sha384, sha512

    init(uri: String) throws(SAMLRejection) {
        switch uri {
        case "http://www.w3.org/2001/04/xmlenc#sha256": self = .sha256
        case "http://www.w3.org/2001/04/xmldsig-more#sha384": self = .sha384
        case "http://www.w3.org/2001/04/xmlenc#sha512": self = .sha512
        case "http://www.w3.org/2000/09/xmldsig#sha1":
            throw SAMLRejection("weak_algorithm", "The signature uses a SHA-1 digest; configure the IdP to sign with SHA-256.")
        default:
            throw SAMLRejection("signature_invalid", "Unsupported digest algorithm \(uri.clipped).")
        }
    }

    func hash(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha384: Array(SHA384.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }
}
