import Crypto

/// Provisioning secrets are stored only as salted SHA-256 digests. The secrets are 160 bits of randomness,
/// so a slow password hash buys nothing; the comparison is constant-time so timing leaks nothing.
public enum SecretHasher {
    public static func hash(secret: String, salt: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Array(secret.utf8))
        return Array(hasher.finalize())
    }

    public static func verify(secret: String, salt: [UInt8], expected: [UInt8]) -> Bool {
        let actual = hash(secret: secret, salt: salt)
        guard actual.count == expected.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }
}
