/// What a new password must be, in the spirit of NIST SP 800-63B: long enough, not a known common one, not
/// the email, and no composition rules beyond that.
public enum PasswordPolicy {
    public static let minLength = 12
    /// bcrypt reads at most 72 bytes; more would be silently ignored.
    public static let maxBytes = 72

    public static func check(_ password: String, email: String, field: String = "password") throws(GatehouseError) {
        guard password.count >= minLength else {
            throw .invalidField(field: field, reason: "must be at least \(minLength) characters")
        }
        guard password.utf8.count <= maxBytes else {
            throw .invalidField(field: field, reason: "must be at most \(maxBytes) bytes")
        }
        let lowered = password.lowercased()
        let canonicalEmail = EmailRule.canonical(email)
        let localPart = canonicalEmail.split(separator: "@").first.map(String.init) ?? canonicalEmail
        guard lowered != canonicalEmail, lowered != localPart else {
            throw .invalidField(field: field, reason: "must not be your email address")
        }
        guard !CommonPasswords.contains(lowered) else {
            throw .invalidField(field: field, reason: "is too common: choose one that is not on lists of known passwords")
        }
        guard Set(lowered).count > 2 else {
            throw .invalidField(field: field, reason: "must not repeat one or two characters")
        }
    }
}
