import Crypto
import Foundation

/// Random, unguessable tokens (session ids, one-time links, recovery codes) and the only form in which
/// the store keeps them: a SHA-256 hash.
public enum SecretToken {
    /// 32 random bytes, base64url without padding (43 characters, URL- and cookie-safe).
    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Hex SHA-256 of the token, what is stored and looked up.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A recovery code people can type: 10 characters from an alphabet without look-alikes, as `xxxxx-xxxxx`.
    public static func recoveryCode() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let chars = (0..<10).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        return String(chars[0..<5]) + "-" + String(chars[5...])
    }
}
