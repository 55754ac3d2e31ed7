import Foundation

/// People's side of Gatehouse: invitations, passwords, sign-in with throttling and a second factor,
/// sessions, resets, My Profile. A flow that proves who the user is (a password, a one-time link, a
/// session) writes as that user; the rest writes anonymously; admin actions write for the caller bound
/// with `acting(as:)` and go through the guard like every other door.
public struct IdentityService: Sendable {
    public private(set) var store: GuardedStore
    public let settings: IdentitySettings
    public let links: LinkMailer
    public let hasher: PasswordHasher
    public let now: @Sendable () -> Date

    public init(store: GuardedStore, settings: IdentitySettings, hasher: PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.settings = settings
        links = LinkMailer(settings: settings)
        self.hasher = hasher
        self.now = now
    }

    /// The same service, with admin actions written for `caller`.
    public func acting(as caller: Caller) -> IdentityService {
        var copy = self
        copy.store = store.acting(as: caller)
        return copy
    }

    func writing(as caller: Caller) -> GuardedStore { store.acting(as: caller) }

    static func asUser(_ user: User) -> Caller { .principal(Principal(type: .user, id: user.id)) }

    // MARK: Sessions

    /// Starts a session for the user inside the caller's transaction, recorded as a sign-in proved by
    /// `provedBy`; returns the token for the cookie.
    func startSession(for user: User, client: ClientInfo, provedBy: String, in db: any StoreWriter, at time: Date) throws -> String {
        let token = SecretToken.make()
        try db.insert(StoredSession(
            idHash: SecretToken.hash(token), userID: user.id, accountID: user.accountID, createdAt: time, lastSeenAt: time,
            expiresAt: time + settings.sessionLifetime, address: client.address, userAgent: client.userAgent.map { String($0.prefix(300)) },
            provedBy: provedBy))
        var signedIn = user
        signedIn.lastLogin = time
        try db.update(signedIn)
        try db.recordSecurityEvent(SecurityEvent.signInSuccess, on: user, authentication: provedBy)
        return token
    }

    /// The signed-in user behind a session cookie, or nil when the session is unknown, ended, idle too
    /// long, past its lifetime, or its user can no longer sign in. Checked on every request, so a forced
    /// logout or a reset is effective at once, on every server sharing the store.
    public func signedIn(sessionToken: String) async throws -> SignedIn? {
        let hash = SecretToken.hash(sessionToken)
        let time = now()
        let found = try store.readNow { db -> (StoredSession, User, Bool)? in
            guard let session = try db.session(idHash: hash) else { return nil }
            guard let user = try db.user(id: session.userID, accountID: session.accountID) else { return nil }
            return (session, user, try db.account(id: user.accountID)?.requireTwoFactor ?? false)
        }
        // A pending reset voids the password; a session the IdP proved never rested on it.
        guard let (session, user, twoFactorRequired) = found, time < session.expiresAt, time < session.lastSeenAt + settings.sessionIdle,
              user.enabled, !user.isDeleted, !user.passwordResetPending || session.provedBySAML
        else { return nil }
        // Activity is noted at most once a minute, so reading pages does not write on every request.
        if time.timeIntervalSince(session.lastSeenAt) > 60 {
            try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in try db.touchSession(idHash: hash, at: time) }
        }
        return SignedIn(
            user: user, session: session, csrfToken: Self.csrfToken(sessionToken: sessionToken),
            mustSetUpTwoFactor: twoFactorRequired && !user.twoFactor && !session.provedBySAML)
    }

    /// The token every form of a signed-in page carries: derived from the session's secret, so it needs
    /// no storage and cannot be known without the cookie.
    public static func csrfToken(sessionToken: String) -> String {
        String(SecretToken.hash("csrf:" + sessionToken).prefix(40))
    }

    public func signOut(sessionToken: String) async throws {
        guard let current = try await signedIn(sessionToken: sessionToken) else { return }
        try await writing(as: Self.asUser(current.user)).write(accountID: current.user.accountID) { db in
            try db.deleteSession(idHash: current.session.idHash)
            try db.recordSecurityEvent(SecurityEvent.sessionEnd, on: current.user, details: ["reason": .string("sign_out"), "sessions_ended": .integer(1)])
        }
    }

    public func sessions(of user: User) async throws -> [StoredSession] {
        try await store.read { db in try db.sessions(userID: user.id) }
    }

    /// Ends one of the user's own sessions (My Profile, End session).
    public func endSession(idHash: String, of user: User) async throws {
        try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            guard let session = try db.session(idHash: idHash), session.userID == user.id else {
                throw GatehouseError.notFound(kind: .user, id: "session")
            }
            try db.deleteSession(idHash: idHash)
            try db.recordSecurityEvent(SecurityEvent.sessionEnd, on: user, details: ["reason": .string("ended"), "sessions_ended": .integer(1)])
        }
    }

    /// Sign out everywhere: every session of the user ends.
    public func endAllSessions(of user: User) async throws {
        try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            let ended = try db.sessions(userID: user.id).count
            try db.deleteSessions(userID: user.id)
            try db.recordSecurityEvent(SecurityEvent.sessionEnd, on: user, details: ["reason": .string("everywhere"), "sessions_ended": .integer(Int64(ended))])
        }
    }
}
