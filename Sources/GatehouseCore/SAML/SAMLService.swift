import Foundation

/// SAML single sign-on for an account: its settings (Account Security, `gatehouse saml`), the AuthnRequests
/// sent, and signing a person in from an assertion a verifier has already checked (signature, audience,
/// times): request matching, replay, just-in-time provisioning and Cloudinary's role mapping. Knows no XML.
public struct SAMLService: Sendable {
    public private(set) var store: GuardedStore
    let identity: IdentityService
    let permissions: PermissionsService
    let now: @Sendable () -> Date
    /// How long an AuthnRequest waits for its answer.
    public static let requestLifetime: TimeInterval = 600

    public init(store: GuardedStore, identity: IdentityService, permissions: PermissionsService, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.identity = identity
        self.permissions = permissions
        self.now = now
    }

    /// The same service, with settings written for `caller`.
    public func acting(as caller: Caller) -> SAMLService {
        var copy = self
        copy.store = store.acting(as: caller)
        return copy
    }

    /// Where this account's service provider lives, as the IdP is told.
    public func serviceProvider(accountID: String) -> SAMLServiceProvider {
        SAMLServiceProvider(publicURL: identity.settings.publicURL, accountID: accountID)
    }

    // MARK: Settings

    /// The account's settings; SAML off when never configured.
    public func settings(accountID: String) async throws -> SAMLSettings {
        let time = now()
        return try await store.read { db in
            guard try db.account(id: accountID) != nil else { throw GatehouseError.notFound(kind: .account, id: accountID) }
            return try db.samlSettings(accountID: accountID) ?? SAMLSettings(accountID: accountID, updatedAt: time)
        }
    }

    /// Changes the settings (the guard admits only a holder of account Master Admin, or the operator).
    /// Enabling needs an IdP.
    public func configure(accountID: String, _ change: @escaping @Sendable (inout SAMLSettings) -> Void) async throws -> SAMLSettings {
        let time = now()
        return try await store.write(accountID: accountID) { db in
            guard try db.account(id: accountID) != nil else { throw GatehouseError.notFound(kind: .account, id: accountID) }
            var settings = try db.samlSettings(accountID: accountID) ?? SAMLSettings(accountID: accountID, updatedAt: time)
            change(&settings)
            settings.accountID = accountID
            settings.updatedAt = time
            if settings.enabled, settings.identityProvider == nil {
                throw GatehouseError.invalidField(field: "idp_metadata", reason: "is required to turn SAML login on: give the IdP's metadata or its entity id, SSO URL and certificate")
            }
            if let idp = settings.identityProvider { try Self.validate(idp) }
            try db.save(settings)
            return settings
        }
    }

    static func validate(_ idp: SAMLIdentityProvider) throws {
        guard !idp.entityID.isEmpty, idp.entityID.count <= 1024 else {
            throw GatehouseError.invalidField(field: "idp_entity_id", reason: "is required (at most 1024 characters)")
        }
        guard let url = URL(string: idp.ssoURL), ["https", "http"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw GatehouseError.invalidField(field: "idp_sso_url", reason: "must be an http(s) URL, got \(idp.ssoURL)")
        }
        guard (1...2).contains(idp.certificates.count) else {
            throw GatehouseError.invalidField(field: "idp_certificate", reason: "Give one signing certificate, or two during a rotation")
        }
    }

    // MARK: Signing in

    /// Starts an SP-initiated login: the request to send and the RelayState to send with it.
    public func beginLogin(accountID: String, returnTo: String?) async throws -> SAMLLoginStart {
        let settings = try await self.settings(accountID: accountID)
        guard settings.isActive, let idp = settings.identityProvider else {
            throw SAMLRejection("saml_disabled", "Single sign-on is not turned on for this account.")
        }
        let time = now()
        let requestID = "_" + SecretToken.hash(SecretToken.make()).prefix(40)
        let relayState = SecretToken.make()
        let request = SAMLPendingRequest(
            id: requestID, accountID: accountID, relayStateHash: SecretToken.hash(relayState), returnTo: Self.safeReturn(returnTo),
            createdAt: time, expiresAt: time + Self.requestLifetime)
        try await store.acting(as: .anonymous).write(accountID: accountID) { db in try db.insert(request) }
        return SAMLLoginStart(requestID: requestID, relayState: relayState, identityProvider: idp, issuedAt: time)
    }

    /// Only a Console path: never an address elsewhere (an open redirect).
    static func safeReturn(_ path: String?) -> String {
        guard let path, path.hasPrefix("/console"), !path.contains("//"), !path.contains("\\"), path.count <= 500 else { return "/console" }
        return path
    }

    /// Signs the person of a verified assertion in: the request it answers (or an IdP-initiated login when
    /// allowed), once only, the user found by email or created, its SAML roles replaced by the assertion's,
    /// a session started without a second factor (the IdP is trusted for it). A refusal is recorded and
    /// thrown as a `SAMLRejection`; nothing else is written.
    public func signIn(accountID: String, assertion: SAMLAssertion, relayState: String?, client: ClientInfo) async throws -> SAMLSignedIn {
        do {
            return try await admit(accountID: accountID, assertion: assertion, relayState: relayState, client: client)
        } catch let rejection as SAMLRejection {
            try await recordRefusal(accountID: accountID, rejection, subject: assertion.nameID)
            throw rejection
        }
    }

    private func admit(accountID: String, assertion: SAMLAssertion, relayState: String?, client: ClientInfo) async throws -> SAMLSignedIn {
        let settings = try await self.settings(accountID: accountID)
        guard settings.isActive, let idp = settings.identityProvider else {
            throw SAMLRejection("saml_disabled", "Single sign-on is not turned on for this account.")
        }
        guard assertion.issuer == idp.entityID else {
            throw SAMLRejection("issuer_mismatch", "The assertion comes from \(assertion.issuer), not from the account's identity provider.")
        }
        let email = try Self.email(of: assertion)
        let name = Self.displayName(of: assertion)
        let time = now()
        let catalog = store.catalog
        let caller = Caller.identityProvider(accountID: accountID, entityID: idp.entityID)
        return try await store.acting(as: caller).write(accountID: accountID) { db in
            let returnTo = try Self.matchRequest(assertion, relayState: relayState, settings: settings, in: db, at: time)
            guard try db.useSAMLAssertion(id: assertion.id, issuer: assertion.issuer, expiresAt: max(assertion.notOnOrAfter, time + 3_600), at: time)
            else { throw SAMLRejection("replayed", "This sign-in response was used already.") }
            let mapping = try SAMLRoleMapping.map(assertion.attributes, accountID: accountID, catalog: catalog, in: db)
            let user = try self.provision(
                email: email, name: name, mapping: mapping, accountID: accountID, in: db, at: time)
            try db.save(SAMLLogin(userID: user.id, issuer: assertion.issuer, nameID: assertion.nameID, lastAt: time))
            if !mapping.ignored.isEmpty {
                try db.recordSecurityEvent(
                    SecurityEvent.samlMappingIgnored, on: user, details: ["ignored": .array(mapping.ignored.map(JSONValue.string))])
            }
            let token = try self.identity.startSession(for: user, client: client, provedBy: "saml", in: db, at: time)
            return SAMLSignedIn(sessionToken: token, returnTo: returnTo, user: user)
        }
    }

    /// The AuthnRequest the assertion answers must be this account's, unexpired, with its RelayState; it is
    /// used up. Without one, the account must accept IdP-initiated logins.
    static func matchRequest(_ assertion: SAMLAssertion, relayState: String?, settings: SAMLSettings, in db: any StoreWriter, at time: Date) throws -> String {
        guard let requestID = assertion.inResponseTo else {
            guard settings.idpInitiated else {
                throw SAMLRejection("idp_initiated_off", "This account accepts sign-ins started at Gatehouse only: use the single sign-on link.")
            }
            return "/console"
        }
        guard let request = try db.samlRequest(id: requestID), request.accountID == settings.accountID, time < request.expiresAt,
              let relayState, SecretToken.hash(relayState) == request.relayStateHash
        else {
            throw SAMLRejection("unknown_request", "This sign-in response answers no sign-in Gatehouse is waiting for (or it took too long): sign in again.")
        }
        try db.deleteSAMLRequest(id: requestID)
        return request.returnTo
    }

    /// Finds the user by email or creates it (active, seat rules apply), and gives it what the mapping says.
    func provision(email: String, name: String?, mapping: SAMLRoleMapping, accountID: String, in db: any StoreWriter, at time: Date) throws -> User {
        let catalog = store.catalog
        var user: User
        if let found = try db.liveUser(email: EmailRule.canonical(email)) {
            guard found.accountID == accountID else {
                throw SAMLRejection("email_taken", "\(email) belongs to a user of another account.")
            }
            guard found.enabled else { throw SAMLRejection("user_disabled", "The user \(email) is disabled in this account.") }
            user = found
        } else {
            guard let account = try db.account(id: accountID) else { throw GatehouseError.notFound(kind: .account, id: accountID) }
            do {
                try SeatPolicy.ensureSeatAvailable(for: account, in: db)
            } catch GatehouseError.seatLimitReached(let limit) {
                throw SAMLRejection("seat_limit", "The account has no free seat for \(email): it allows \(limit) users. Ask an administrator.")
            }
            user = User(
                id: permissions.ids.userID(), accountID: accountID, name: name ?? "", email: email,
                role: mapping.legacyRoles.first ?? .mediaLibraryUser, status: .active, createdAt: time, updatedAt: time)
            try db.insert(user)
        }
        let role = user.root ? LegacyRole.masterAdmin : mapping.legacyRoles.first ?? user.role
        let access = EnvironmentAccessRule.access(role: role, requested: mapping.subAccountIDs)
        var updated = user
        // Signed in through the IdP: an invitation to set a password is no longer what makes it active.
        if user.isPending { try db.deleteTokens(userID: user.id, kind: .invitation) }
        updated.status = .active
        updated.subAccountIDs = access.ids
        updated.allSubAccounts = access.all
        if let name, !name.isEmpty { updated.name = name }
        if updated != user {
            updated.updatedAt = time
            try db.update(updated)
        }
        try mapping.replaceRoles(of: updated, source: .saml, permissions: permissions, in: db, at: time)
        try LegacyRoleSync.refreshLegacyRole(userID: updated.id, accountID: accountID, catalog: catalog, in: db, at: time)
        return try db.user(id: updated.id, accountID: accountID) ?? updated
    }

    /// A refused sign-in, in the account's log: what was refused and why.
    public func recordRefusal(accountID: String, _ rejection: SAMLRejection, subject: String?) async throws {
        let target = AuditTarget(type: "email", id: String((subject ?? "unknown").prefix(320)))
        try await store.acting(as: .anonymous).write(accountID: accountID) { db in
            guard try db.account(id: accountID) != nil else { return }
            try db.recordSecurityEvent(
                SecurityEvent.signInFailure, target: target, accountID: accountID, outcome: .failure,
                details: ["method": .string("saml"), "reason": .string(rejection.code), "message": .string(rejection.message)])
        }
    }
}

extension SAMLService {
    /// The account whose IdP signs this email in ("Sign in with SSO"): the user's account when it has
    /// single sign-on on; nil otherwise.
    public func account(signingIn email: String) async throws -> String? {
        let key = EmailRule.canonical(email)
        return try await store.read { db in
            guard let user = try db.liveUser(email: key), user.enabled,
                  try db.samlSettings(accountID: user.accountID)?.isActive == true
            else { return nil }
            return user.accountID
        }
    }
}
