import GatehouseCore

/// A `SignatureMethod`: the key type it needs and the hash it signs.
struct SAMLSignatureAlgorithm {
    enum KeyType { case rsa, ecdsa }
    var keyType: KeyType
    var digest: SAMLDigestAlgorithm

    init(uri: String) throws(SAMLRejection) {
        switch uri {
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": (keyType, digest) = (.rsa, .sha256)
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": (keyType, digest) = (.rsa, .sha384)
        case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": (keyType, digest) = (.rsa, .sha512)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": (keyType, digest) = (.ecdsa, .sha256)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384": (keyType, digest) = (.ecdsa, .sha384)
        case "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512": (keyType, digest) = (.ecdsa, .sha512)
        case "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#dsa-sha1":
            throw SAMLRejection("weak_algorithm", "The signature uses SHA-1; configure the IdP to sign with RSA-SHA256.")
        default:
            throw SAMLRejection("signature_invalid", "Unsupported signature algorithm \(uri.clipped).")
        }
    }
}
