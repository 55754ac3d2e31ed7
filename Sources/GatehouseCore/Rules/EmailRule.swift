/// Email is the login name: one live user per address, compared case-insensitively across the whole server
/// (Cloudinary keeps emails unique across accounts). Deleted (inactive) users release their address.
public enum EmailRule {
    public static let maxLength = 254

    /// The form used for uniqueness checks and lookups.
    public static func canonical(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Validates the address shape and returns it trimmed (the case the caller typed is kept for display).
    public static func validated(_ raw: String, field: String = "email") throws(GatehouseError) -> String {
        let email = raw.trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty else { throw .invalidField(field: field, reason: "must not be empty") }
        guard email.count <= maxLength else {
            throw .invalidField(field: field, reason: "must be at most \(maxLength) characters")
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.count <= 64,
              domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
              !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" || $0 == "\"" }),
              domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." })
        else { throw .invalidField(field: field, reason: "is not a valid email address: \(email)") }
        return email
    }

    /// Throws when another live user already has this address.
    public static func ensureAvailable(
        _ email: String, exceptUserID: String? = nil, in store: any StoreReader
    ) throws -> Void {
        if let other = try store.liveUser(email: canonical(email)), other.id != exceptUserID {
            throw GatehouseError.conflict("User with email \(email) already exists")
        }
    }
}

import Foundation
