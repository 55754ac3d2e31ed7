import Foundation

extension IdentityService {
    /// The user a usable link of this kind is for; a link that is unknown, used, replaced or expired is refused.
    public func linkUser(token: String, kind: OneTimeToken.Kind) async throws -> User {
        let time = now()
        let found = try await store.read { db -> (OneTimeToken, User)? in
            guard let stored = try db.token(hash: SecretToken.hash(token)), stored.kind == kind,
                  let user = try db.user(id: stored.userID, accountID: stored.accountID)
            else { return nil }
            return (stored, user)
        }
        guard let (stored, user) = found, stored.isUsable(at: time), !user.isDeleted else { throw Self.staleLink }
        return user
    }

    static let staleLink = GatehouseError.invalidField(field: "link", reason: "This link is no longer valid: it was used, replaced or has expired")

    /// Uses the link up in the writing transaction (checked again there, so two tabs cannot both use it) and
    /// returns its user as stored now.
    static func consume(_ token: String, of user: User, in db: any StoreWriter, at time: Date) throws -> User {
        let tokenHash = SecretToken.hash(token)
        guard let stored = try db.token(hash: tokenHash), stored.isUsable(at: time), stored.userID == user.id,
              let current = try db.user(id: user.id, accountID: user.accountID), !current.isDeleted
        else { throw staleLink }
        try db.markUsed(tokenHash: tokenHash, at: time)
        return current
    }

    /// Accepting an invitation: a name and a password; the user becomes active and the email confirmed.
    public func acceptInvitation(token: String, name: String, password: String, confirmation: String) async throws -> User {
        let user = try await linkUser(token: token, kind: .invitation)
        let name = try FieldRules.name(name)
        let hash = try await newPasswordHash(password, confirmation: confirmation, email: user.email)
        let time = now()
        return try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            var current = try Self.consume(token, of: user, in: db, at: time)
            try db.setPasswordHash(hash, userID: current.id, at: time)
            current.name = name
            if current.status == .pending { current.status = .active }
            current.updatedAt = time
            try db.update(current)
            var profile = try db.profile(userID: current.id) ?? Profile(userID: current.id)
            profile.emailConfirmedAt = profile.emailConfirmedAt ?? time
            if profile.fullName == nil {
                let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
                profile.firstName = parts.first
                profile.lastName = parts.count > 1 ? parts[1] : nil
            }
            try db.save(profile)
            try db.recordSecurityEvent(SecurityEvent.invitationAccept, on: current)
            return current
        }
    }

    /// Finishing a reset: the new password works, the reset status clears.
    public func completeReset(token: String, password: String, confirmation: String) async throws -> User {
        let user = try await linkUser(token: token, kind: .reset)
        let hash = try await newPasswordHash(password, confirmation: confirmation, email: user.email)
        let time = now()
        return try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            var current = try Self.consume(token, of: user, in: db, at: time)
            try db.setPasswordHash(hash, userID: current.id, at: time)
            current.passwordResetPending = false
            if current.status == .pending { current.status = .active }
            current.updatedAt = time
            try db.update(current)
            try db.recordSecurityEvent(SecurityEvent.reset, on: current)
            return current
        }
    }

    /// "Forgot your password?": mails a reset link to a user who signs in with a password. Answers the
    /// same whether or not the email is known, so it tells nothing about who has an account.
    public func requestPasswordReset(email: String) async throws {
        let emailKey = EmailRule.canonical(email)
        let time = now()
        guard let user = try await store.read({ db -> User? in
            guard let user = try db.liveUser(email: emailKey), user.enabled, !user.isDeleted else { return nil }
            return try db.passwordHash(userID: user.id) != nil || user.passwordResetPending ? user : nil
        }) else { return }
        try await writing(as: .anonymous).write(accountID: user.accountID) { db in try self.links.sendReset(to: user, in: db, at: time) }
    }

    /// Checks and hashes a new password (off the event loops).
    func newPasswordHash(_ password: String, confirmation: String, email: String) async throws -> String {
        guard password == confirmation else {
            throw GatehouseError.invalidField(field: "confirm_password", reason: "does not match the password")
        }
        try PasswordPolicy.check(password, email: email)
        return try await hasher.hash(password)
    }
}
