import Foundation

/// How people sign in, set from the environment (`GATEHOUSE_*`) or flags with the same meaning.
public struct IdentitySettings: Sendable {
    /// The base of every link in a mail, e.g. `https://gatehouse.example.com`.
    public var publicURL: String
    public var invitationTTL: TimeInterval = 7 * 86_400
    public var resetTTL: TimeInterval = 3_600
    /// A session unused this long ends.
    public var sessionIdle: TimeInterval = 12 * 3_600
    /// No session lives longer than this.
    public var sessionLifetime: TimeInterval = 7 * 86_400
    /// The sign-in step between password and authentication code.
    public var secondFactorTTL: TimeInterval = 300
    public var accountFailureLimit = 10
    public var addressFailureLimit = 30
    public var failureWindow: TimeInterval = 900
    public var lockoutDuration: TimeInterval = 900
    /// bcrypt cost; tests lower it.
    public var bcryptCost = 12

    public init(publicURL: String) { self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }

    /// Reads `GATEHOUSE_INVITATION_TTL`, `GATEHOUSE_RESET_TTL`, `GATEHOUSE_SESSION_IDLE`, `GATEHOUSE_SESSION_LIFETIME`,
    /// `GATEHOUSE_LOCKOUT_ACCOUNT_FAILURES`, `GATEHOUSE_LOCKOUT_ADDRESS_FAILURES`, `GATEHOUSE_BCRYPT_COST`.
    public static func fromEnvironment(_ env: [String: String], publicURL: String) throws -> IdentitySettings {
        var settings = IdentitySettings(publicURL: env["GATEHOUSE_PUBLIC_URL"] ?? publicURL)
        func duration(_ name: String, _ keyPath: WritableKeyPath<IdentitySettings, TimeInterval>) throws {
            guard let text = env[name] else { return }
            guard let value = Self.duration(text) else {
                throw GatehouseError.invalidField(field: name, reason: "must be a duration like 90s, 15m, 12h or 7d, got \(text)")
            }
            settings[keyPath: keyPath] = value
        }
        func count(_ name: String, _ keyPath: WritableKeyPath<IdentitySettings, Int>, _ range: ClosedRange<Int>) throws {
            guard let text = env[name] else { return }
            guard let value = Int(text), range.contains(value) else {
                throw GatehouseError.invalidField(field: name, reason: "must be a whole number in \(range), got \(text)")
            }
            settings[keyPath: keyPath] = value
        }
        try duration("GATEHOUSE_INVITATION_TTL", \.invitationTTL)
        try duration("GATEHOUSE_RESET_TTL", \.resetTTL)
        try duration("GATEHOUSE_SESSION_IDLE", \.sessionIdle)
        try duration("GATEHOUSE_SESSION_LIFETIME", \.sessionLifetime)
        try count("GATEHOUSE_LOCKOUT_ACCOUNT_FAILURES", \.accountFailureLimit, 1...1_000)
        try count("GATEHOUSE_LOCKOUT_ADDRESS_FAILURES", \.addressFailureLimit, 1...100_000)
        try count("GATEHOUSE_BCRYPT_COST", \.bcryptCost, 4...16)
        return settings
    }

    /// `90s`, `15m`, `12h`, `7d` (a bare number is seconds).
    public static func duration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        let (digits, unit) = units[last].map { (trimmed.dropLast(), $0) } ?? (Substring(trimmed), 1)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0, value <= 10_000_000 else { return nil }
        return Double(value) * unit
    }
}
