/// Mints the identifiers and secrets Cloudinary clients expect: URL-safe, unguessable, shaped like the
/// originals (30-hex user ids, 15-digit API keys, 27-character secrets).
public struct IdentifierGenerator: Sendable {
    public init() {}

    public func hex(_ length: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<length).map { _ in digits[Int(rng.next() % 16)] })
    }

    public func userID() -> String { hex(30) }
    public func groupID() -> String { hex(30) }
    public func environmentID() -> String { hex(32) }
    public func accountID() -> String { hex(24) }

    /// 15 decimal digits, never starting with 0.
    public func apiKey() -> String {
        var rng = SystemRandomNumberGenerator()
        let first = String(1 + rng.next() % 9)
        return first + (0..<14).map { _ in String(rng.next() % 10) }.joined()
    }

    public func secret() -> String {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<27).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    public func salt() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// A readable default cloud name for a new environment.
    public func cloudName() -> String { "c-" + hex(12) }
    /// Folder and collection external ids look like Cloudinary's: 32 hex characters after a `c`, so they never
    /// start with a digit.
    public func externalID() -> String { "c" + hex(32) }
}
