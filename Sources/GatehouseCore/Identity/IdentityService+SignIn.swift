import Foundation

extension IdentityService {
    static let wrongCredentials = GatehouseError.unauthenticated

    /// Email and password. A wrong email and a wrong password answer the same, in the same time (a
    /// bcrypt check runs either way). Failures count against the email and the client address; past the
    /// limits both are locked for a while and even the right password is refused (429).
    public func signIn(email: String, password: String, client: ClientInfo) async throws -> SignInStep {
        let emailKey = EmailRule.canonical(email)
        let time = now()
        try await ensureNotLocked(emailKey: emailKey, address: client.address, at: time)
        let found = try await store.read { db -> (User, String?, Bool)? in
            guard let user = try db.liveUser(email: emailKey) else { return nil }
            return (user, try db.passwordHash(userID: user.id), try db.samlSettings(accountID: user.accountID)?.isEnforced ?? false)
        }
        let matches = try await hasher.verify(String(password.prefix(PasswordPolicy.maxBytes * 4)), hash: found?.1 ?? dummyHash)
        guard let (user, hash, ssoEnforced) = found, hash != nil, matches, user.enabled, !user.isDeleted, !user.passwordResetPending else {
            try await recordFailure(emailKey: emailKey, user: found?.0, reason: "wrong_credentials", address: client.address, at: time)
            throw Self.wrongCredentials
        }
        // Enforced single sign-on leaves a Console password to Master Admins only (the way back in when the IdP fails).
        if ssoEnforced, !Self.keepsPasswordUnderSSO(user) {
            try await writing(as: .anonymous).write(accountID: user.accountID) { db in
                try db.recordSecurityEvent(
                    SecurityEvent.signInFailure, on: user, outcome: .failure, details: ["reason": .string("saml_enforced")])
            }
            return .singleSignOnRequired(accountID: user.accountID)
        }
        return try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db in
            if let second = try db.twoFactor(userID: user.id), second.confirmedAt != nil {
                let step = SecretToken.make()
                try db.deleteTokens(userID: user.id, kind: .secondFactor)
                try db.insert(OneTimeToken(
                    tokenHash: SecretToken.hash(step), kind: .secondFactor, userID: user.id, accountID: user.accountID, createdAt: time,
                    expiresAt: time + self.settings.secondFactorTTL))
                return .needsSecondFactor(stepToken: step)
            }
            return .signedIn(sessionToken: try self.startSession(for: user, client: client, provedBy: "password", in: db, at: time))
        }
    }

    static func keepsPasswordUnderSSO(_ user: User) -> Bool { user.root || user.role == .masterAdmin }

    /// The second step: a 6-digit code from the authenticator (one step either side tolerated, never the
    /// same code twice) or an unused recovery code.
    public func completeSecondFactor(stepToken: String, code: String, client: ClientInfo) async throws -> String {
        let time = now()
        let hash = SecretToken.hash(stepToken)
        let found = try await store.read { db -> (OneTimeToken, User)? in
            guard let token = try db.token(hash: hash), token.kind == .secondFactor,
                  let user = try db.user(id: token.userID, accountID: token.accountID)
            else { return nil }
            return (token, user)
        }
        guard let (token, user) = found, token.isUsable(at: time) else {
            throw GatehouseError.invalidField(field: "code", reason: "This sign-in step has expired: sign in again")
        }
        try await ensureNotLocked(emailKey: EmailRule.canonical(user.email), address: client.address, at: time)
        let accepted = try await writing(as: Self.asUser(user)).write(accountID: user.accountID) { db -> String? in
            guard let second = try self.acceptSecondFactor(code, user: user, in: db, at: time) else { return nil }
            try db.markUsed(tokenHash: hash, at: time)
            return try self.startSession(for: user, client: client, provedBy: "password+\(second.rawValue)", in: db, at: time)
        }
        guard let session = accepted else {
            try await recordFailure(
                emailKey: EmailRule.canonical(user.email), user: user, reason: "wrong_second_factor", address: client.address, at: time)
            throw GatehouseError.invalidField(field: "code", reason: "That authentication code is not valid")
        }
        return session
    }

    /// How a second factor was proved.
    enum SecondFactor: String {
        case totp
        case recoveryCode = "recovery_code"
    }

    /// Checks a TOTP or recovery code and consumes it; nil when neither matches.
    func acceptSecondFactor(_ code: String, user: User, in db: any StoreWriter, at time: Date) throws -> SecondFactor? {
        guard var second = try db.twoFactor(userID: user.id), second.confirmedAt != nil else { return nil }
        if let counter = TOTP(secret: second.secret).matchingCounter(code, at: time) {
            guard counter > (second.lastUsedStep ?? .min) else { return nil }
            second.lastUsedStep = counter
            try db.save(second)
            return .totp
        }
        let typed = code.lowercased().filter { !$0.isWhitespace }
        guard typed.count == 11, try db.useRecoveryCode(userID: user.id, hash: SecretToken.hash(typed), at: time) else { return nil }
        try db.recordSecurityEvent(
            SecurityEvent.recoveryCodeUse, on: user, details: ["remaining": .integer(Int64(try db.recoveryCodesLeft(userID: user.id)))])
        return .recoveryCode
    }

    func ensureNotLocked(emailKey: String, address: String, at time: Date) async throws {
        let until = try await store.read { db in
            [try db.lockedUntil(kind: "account", subject: emailKey, at: time), try db.lockedUntil(kind: "address", subject: address, at: time)]
                .compactMap { $0 }.max()
        }
        if let until {
            let minutes = max(1, Int((until.timeIntervalSince(time) / 60).rounded(.up)))
            throw GatehouseError.tooManyAttempts("Too many sign-in attempts. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
        }
    }

    /// Counts a failure and records it; locks the email or the address once it reaches its limit in the
    /// window. A failure for an email no one has is recorded outside any account (account id ""), where
    /// `gatehouse audit` still shows it: it belongs to no account's log.
    func recordFailure(emailKey: String, user: User?, reason: String, address: String, at time: Date) async throws {
        let settings = self.settings
        let accountID = user?.accountID ?? ""
        // What was typed, at most an email's longest (320): the form takes any text.
        let target = user.map(SecurityEvent.target) ?? AuditTarget(type: "email", id: String(emailKey.prefix(320)))
        try await writing(as: .anonymous).write(accountID: accountID) { db in
            try db.recordSignInFailure(emailKey: emailKey, address: address, at: time)
            try db.recordSecurityEvent(
                SecurityEvent.signInFailure, target: target, accountID: accountID, outcome: .failure, details: ["reason": .string(reason)])
            let since = time - settings.failureWindow
            let until = time + settings.lockoutDuration
            if try db.signInFailures(emailKey: emailKey, since: since) >= settings.accountFailureLimit,
               try db.lockedUntil(kind: "account", subject: emailKey, at: time) == nil {
                try db.recordLockout(kind: "account", subject: emailKey, at: time, until: until)
                try db.recordSecurityEvent(
                    SecurityEvent.lockout, target: target, accountID: accountID, outcome: .failure, details: Self.lockout("email", until))
            }
            if try db.signInFailures(address: address, since: since) >= settings.addressFailureLimit,
               try db.lockedUntil(kind: "address", subject: address, at: time) == nil {
                try db.recordLockout(kind: "address", subject: address, at: time, until: until)
                try db.recordSecurityEvent(
                    SecurityEvent.lockout, target: AuditTarget(type: "client_address", id: address), accountID: accountID,
                    outcome: .failure, details: Self.lockout("client_address", until))
            }
        }
    }

    private static func lockout(_ subject: String, _ until: Date) -> [String: JSONValue] {
        ["locked": .string(subject), "until": .string(until.formatted(Date.ISO8601FormatStyle()))]
    }

    /// A bcrypt hash of nothing anyone knows, at the configured cost, so an unknown email costs a real check.
    var dummyHash: String { "$2b$\(String(format: "%02d", Int(hasher.cost)))$abcdefghijklmnopqrstuu5s2v8.hTxyD4hTwhjBiOigl2DI4IzL.y" }
}
