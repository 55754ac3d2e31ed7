import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA-1, 30-second
/// steps, 6 digits.
public struct TOTP: Sendable {
    public static let step: TimeInterval = 30
    public let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    /// A new 20-byte secret (the RFC's recommended length for SHA-1).
    public static func newSecret() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    public static func counter(at time: Date) -> Int64 { Int64((time.timeIntervalSince1970 / step).rounded(.down)) }

    public func code(counter: Int64) -> String {
        var big = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let digits = String(value % 1_000_000)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The counter whose code this is, within one step either side of `time`; nil when none matches.
    public func matchingCounter(_ code: String, at time: Date) -> Int64? {
        let typed = code.filter { !$0.isWhitespace }
        guard typed.count == 6, typed.allSatisfy(\.isASCII), typed.allSatisfy(\.isNumber) else { return nil }
        let now = Self.counter(at: time)
        return [now - 1, now, now + 1].first { counter in
            let expected = Array(self.code(counter: counter).utf8)
            return zip(expected, Array(typed.utf8)).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }

    /// What an authenticator app scans.
    public func provisioningURL(account: String, issuer: String) -> String {
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", ":"]).union([":"])) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParam)&algorithm=SHA1&digits=6&period=30"
    }
}
