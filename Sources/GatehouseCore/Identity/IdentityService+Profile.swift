import Foundation

extension IdentityService {
    public func profile(of user: User) async throws -> Profile {
        try await store.read { db in try db.profile(userID: user.id) ?? Profile(userID: user.id) }
    }

    /// My Profile: first and last name (the user's name becomes them) and email preferences.
    public func updateProfile(of user: User, firstName: String, lastName: String, productUpdates: Bool, securityNotices: Bool) async throws -> Profile {
        let first = try FieldRules.optionalName(firstName, field: "first_name")
        let last = try FieldRules.optionalName(lastName, field: "last_name")
        let time = now()
        return try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            var profile = try db.profile(userID: user.id) ?? Profile(userID: user.id)
            profile.firstName = first
            profile.lastName = last
            profile.productUpdates = productUpdates
            profile.securityNotices = securityNotices
            try db.save(profile)
            if let full = profile.fullName, var current = try db.user(id: user.id, accountID: user.accountID) {
                current.name = full
                current.updatedAt = time
                try db.update(current)
            }
            return profile
        }
    }

    /// Needs the current password; the user's other sessions end.
    public func changePassword(of user: User, keeping session: StoredSession, current: String, new: String, confirmation: String) async throws {
        let stored = try await store.read { db in try db.passwordHash(userID: user.id) }
        guard let stored, try await hasher.verify(current, hash: stored) else {
            // Someone at a signed-in browser guessing the password: a security event, though nothing changed.
            try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
                try db.recordSecurityEvent(
                    SecurityEvent.passwordChange, on: user, outcome: .failure, details: ["reason": .string("wrong_current_password")])
            }
            throw GatehouseError.invalidField(field: "current_password", reason: "is not your current password")
        }
        let hash = try await newPasswordHash(new, confirmation: confirmation, email: user.email)
        let time = now()
        try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            try db.setPasswordHash(hash, userID: user.id, at: time)
            let others = try db.sessions(userID: user.id).filter { $0.idHash != session.idHash }
            for other in others { try db.deleteSession(idHash: other.idHash) }
            try db.recordSecurityEvent(SecurityEvent.passwordChange, on: user, details: ["other_sessions_ended": .integer(Int64(others.count))])
        }
    }

    // MARK: Two-factor authentication

    /// Starts enrollment with a new secret, shown once; it acts only after `confirmTwoFactor`.
    public func beginTwoFactor(for user: User) async throws -> TwoFactorEnrollment {
        let secret = TOTP.newSecret()
        try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            if let existing = try db.twoFactor(userID: user.id), existing.confirmedAt != nil {
                throw GatehouseError.conflict("Two-factor authentication is already set up")
            }
            try db.save(TwoFactorSecret(userID: user.id, secret: secret))
            // A secret now exists, unconfirmed: recorded, so the log shows enrolments started and abandoned.
            try db.recordSecurityEvent(SecurityEvent.twoFactorBegin, on: user)
        }
        let totp = TOTP(secret: secret)
        return TwoFactorEnrollment(secretBase32: Base32.encode(secret), provisioningURL: totp.provisioningURL(account: user.email, issuer: "Gatehouse"))
    }

    /// Confirms enrollment with a first code; returns ten recovery codes, shown once (only hashes are kept).
    public func confirmTwoFactor(for user: User, code: String) async throws -> [String] {
        let time = now()
        let codes = (0..<10).map { _ in SecretToken.recoveryCode() }
        return try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            guard var second = try db.twoFactor(userID: user.id), second.confirmedAt == nil else {
                throw GatehouseError.invalidField(field: "code", reason: "Start the set-up again")
            }
            guard let counter = TOTP(secret: second.secret).matchingCounter(code, at: time) else {
                throw GatehouseError.invalidField(field: "code", reason: "That authentication code is not valid")
            }
            second.confirmedAt = time
            second.lastUsedStep = counter
            try db.save(second)
            try db.replaceRecoveryCodes(userID: user.id, hashes: codes.map(SecretToken.hash))
            try db.recordSecurityEvent(SecurityEvent.twoFactorEnroll, on: user, details: ["recovery_codes": .integer(Int64(codes.count))])
            if var current = try db.user(id: user.id, accountID: user.accountID) {
                current.twoFactor = true
                current.updatedAt = time
                try db.update(current)
            }
            return codes
        }
    }

    public func twoFactorStatus(of user: User) async throws -> (enabled: Bool, recoveryCodesLeft: Int) {
        try await store.read { db in
            (try db.twoFactor(userID: user.id)?.confirmedAt != nil, try db.recoveryCodesLeft(userID: user.id))
        }
    }
}
