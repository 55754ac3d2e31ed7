import Crypto
import Foundation

/// Random, unguessable tokens (session ids, one-time links, recovery codes) and the only form in which
/// the store keeps them: a SHA-256 hash.
public enum SecretToken {
    /// 32 random bytes, base64url without padding (43 characters, URL- and cookie-safe).
    public static func make() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let base64url = Data(bytes).base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: base64url, as: UTF8.self)
    }

    /// Hex SHA-256 of the token, what is stored and looked up.
    public static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Array(token.utf8)))
    }

    /// A recovery code people can type: 10 characters from an alphabet without look-alikes, as `xxxxx-xxxxx`.
    public static func recoveryCode() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let chars = (0..<10).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        return String(chars[0..<5]) + "-" + String(chars[5...])
    }
}
