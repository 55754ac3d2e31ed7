import Foundation
import GatehouseCore
import X509

/// A certificate given as PEM or bare base64 → base64 DER (throws on garbage, on non-RSA/EC keys).
public enum SAMLCertificate {
    public static func normalize(_ text: String) throws(SAMLRejection) -> String {
        let body = text.split(whereSeparator: \.isNewline)
            .filter { !$0.contains("-----") }
            .joined()
            .filter { !$0.isWhitespace }
        guard !body.isEmpty, let der = Data(base64Encoded: body) else {
            throw SAMLRejection("bad_certificate", "The certificate is neither PEM nor base64.")
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: Array(der))
        } catch {
            // swift-crypto refuses RSA keys under 2048 bits while the certificate is read, so say so.
            throw SAMLRejection(
                "bad_certificate", "The text is not an X.509 certificate with a usable key (RSA keys need at least 2048 bits).")
        }
        guard SAMLSigningKey(certificate.publicKey) != nil else {
            throw SAMLRejection("bad_certificate", "The certificate's key is neither RSA nor ECDSA (P-256, P-384, P-521).")
        }
        return der.base64EncodedString()
    }
}
