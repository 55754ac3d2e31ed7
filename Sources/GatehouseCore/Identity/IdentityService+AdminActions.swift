import Foundation

/// What an administrator does to another user's sign-in, from the Console or `gatehouse user …`. Written
/// for the bound caller, so the guard refuses it on anyone stronger than the caller (rule 2).
extension IdentityService {
    /// A new invitation link; the old one stops working. Pending users only.
    public func resendInvitation(userID: String, accountID: String) async throws {
        let time = now()
        try await store.write(accountID: accountID) { db in
            let user = try Self.requireUser(userID, accountID, db)
            guard user.isPending else { throw GatehouseError.notAllowed("Only a pending user can be invited again: \(user.email) has accepted") }
            try self.links.sendInvitation(to: user, in: db, at: time)
        }
    }

    /// Ends every session, voids the password, marks the user as resetting and mails a reset link.
    public func resetPassword(userID: String, accountID: String) async throws {
        let time = now()
        try await store.write(accountID: accountID) { db in
            var user = try Self.requireUser(userID, accountID, db)
            try UserLifecycle.ensureMutable(user)
            guard try db.passwordHash(userID: user.id) != nil || user.passwordResetPending else {
                throw GatehouseError.notAllowed("\(user.email) has no password to reset (it signs in through SSO or has not accepted its invitation)")
            }
            try db.deleteSessions(userID: user.id)
            try db.setPasswordHash(nil, userID: user.id, at: time)
            user.passwordResetPending = true
            user.updatedAt = time
            try db.update(user)
            try self.links.sendReset(to: user, in: db, at: time)
        }
    }

    /// Ends every session of the user, effective on its very next request.
    public func forceLogout(userID: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            let user = try Self.requireUser(userID, accountID, db)
            let ended = try db.sessions(userID: user.id).count
            try db.deleteSessions(userID: user.id)
            try db.recordSecurityEvent(SecurityEvent.forceLogout, on: user, details: ["sessions_ended": .integer(Int64(ended))])
        }
    }

    /// The user with this email in the account (the commands name users by email).
    public func user(email: String, accountID: String) async throws -> User {
        let canonical = EmailRule.canonical(email)
        guard let user = try await store.read({ db in try db.liveUser(email: canonical) }), user.accountID == accountID else {
            throw GatehouseError.notFound(kind: .user, id: email)
        }
        return user
    }

    static func requireUser(_ id: String, _ accountID: String, _ db: any StoreReader) throws -> User {
        guard let user = try db.user(id: id, accountID: accountID) else { throw GatehouseError.notFound(kind: .user, id: id) }
        return user
    }
}
