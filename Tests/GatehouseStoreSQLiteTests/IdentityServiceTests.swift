import Foundation
import GatehouseCore
import Testing

/// People's sign-in, end to end through the services over a real SQLite store: invitation, password,
/// throttling, second factor, sessions, reset, force logout, deletion.
@Suite struct IdentityServiceTests {
    static let client = ClientInfo(address: "192.0.2.7", userAgent: "tests")
    static let password = "correct horse battery"

    /// The link in the newest queued mail to this address.
    static func lastLink(to email: String, in f: Fixture) async throws -> String {
        let last = "SELECT textBody FROM mailQueue WHERE recipient = '\(email)' ORDER BY id DESC LIMIT 1"
        let body = try #require(try await f.database.strings(sqlite: last, postgres: last).first, "no mail to \(email)")
        let link = try #require(body.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http") })
        return String(link)
    }

    static func token(_ link: String) -> String { String(link.split(separator: "/").last ?? "") }

    /// A user who accepted its invitation.
    static func member(_ f: Fixture, email: String = "ann@example.com") async throws -> User {
        let user = try await f.service.createUser(NewUser(name: "Ann", email: email, subAccountIDs: []), accountID: f.accountID)
        let link = try await lastLink(to: email, in: f)
        #expect(link.hasPrefix("http://gatehouse.test/console/invitation/"))
        return try await f.services.identity.acceptInvitation(token: token(link), name: "Ann Example", password: password, confirmation: password)
    }

    static func session(_ step: SignInStep) throws -> String {
        guard case .signedIn(let token) = step else { throw GatehouseError.notAllowed("expected a session, got \(step)") }
        return token
    }

    @Test func invitationSetsNameAndPasswordOnceAndSignInWorks() async throws {
        let f = try await Fixture()
        let user = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com", subAccountIDs: []), accountID: f.accountID)
        #expect(user.status == .pending)
        let token = Self.token(try await Self.lastLink(to: "ann@example.com", in: f))
        let identity = f.services.identity
        await #expect(throws: GatehouseError.self) {  // too short
            _ = try await identity.acceptInvitation(token: token, name: "Ann", password: "short", confirmation: "short")
        }
        await #expect(throws: GatehouseError.self) {  // the email as password
            _ = try await identity.acceptInvitation(token: token, name: "Ann", password: "ann@example.com", confirmation: "ann@example.com")
        }
        let accepted = try await identity.acceptInvitation(token: token, name: "Ann Example", password: Self.password, confirmation: Self.password)
        #expect(accepted.status == .active && accepted.name == "Ann Example")
        await #expect(throws: GatehouseError.self) {  // a link works once
            _ = try await identity.acceptInvitation(token: token, name: "Ann", password: Self.password, confirmation: Self.password)
        }
        let session = try Self.session(try await identity.signIn(email: "ANN@example.com", password: Self.password, client: Self.client))
        let signedIn = try #require(try await identity.signedIn(sessionToken: session))
        #expect(signedIn.user.id == user.id && signedIn.user.lastLogin != nil)
        // Only hashes are stored.
        let stored = try await f.database.strings(sqlite: "SELECT idHash FROM session", postgres: "SELECT idHash FROM session")
        #expect(stored == [SecretToken.hash(session)])
    }

    @Test func resendVoidsTheOldLink() async throws {
        let f = try await Fixture()
        let user = try await f.service.createUser(NewUser(name: "Bo", email: "bo@example.com", subAccountIDs: []), accountID: f.accountID)
        let first = Self.token(try await Self.lastLink(to: "bo@example.com", in: f))
        try await f.services.identity.acting(as: .local).resendInvitation(userID: user.id, accountID: f.accountID)
        let second = Self.token(try await Self.lastLink(to: "bo@example.com", in: f))
        #expect(first != second)
        await #expect(throws: GatehouseError.self) { _ = try await f.services.identity.linkUser(token: first, kind: .invitation) }
        #expect(try await f.services.identity.linkUser(token: second, kind: .invitation).id == user.id)
    }

    @Test func wrongEmailAndWrongPasswordAnswerAlikeAndTenFailuresLockTheAccount() async throws {
        let f = try await Fixture()
        _ = try await Self.member(f)
        let identity = f.services.identity
        await #expect(throws: GatehouseError.unauthenticated) {
            _ = try await identity.signIn(email: "nobody@example.com", password: Self.password, client: Self.client)
        }
        for _ in 0..<10 {
            await #expect(throws: GatehouseError.unauthenticated) {
                _ = try await identity.signIn(email: "ann@example.com", password: "wrong password here", client: Self.client)
            }
        }
        do {
            _ = try await identity.signIn(email: "ann@example.com", password: Self.password, client: Self.client)
            Issue.record("the right password got through a lockout")
        } catch GatehouseError.tooManyAttempts(let message) {
            #expect(message.contains("Too many"))
        }
        // Another address is not locked for another account's email.
        let other = ClientInfo(address: "198.51.100.1", userAgent: nil)
        await #expect(throws: GatehouseError.tooManyAttempts("Too many sign-in attempts. Try again in 15 minutes.")) {
            _ = try await identity.signIn(email: "ann@example.com", password: Self.password, client: other)
        }
    }

    @Test func secondFactorEnrollsAndIsAskedWithReplayGuardAndRecoveryCodes() async throws {
        let f = try await Fixture()
        let user = try await Self.member(f)
        let identity = f.services.identity
        let enrollment = try await identity.beginTwoFactor(for: user)
        let secret = try #require(Base32.decode(enrollment.secretBase32))
        #expect(enrollment.provisioningURL.hasPrefix("otpauth://totp/"))
        let totp = TOTP(secret: secret)
        let now = Date()
        let codes = try await identity.confirmTwoFactor(for: user, code: totp.code(counter: TOTP.counter(at: now)))
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(try await f.service.user(id: user.id, accountID: f.accountID).user.twoFactor)

        guard case .needsSecondFactor(let step) = try await identity.signIn(email: user.email, password: Self.password, client: Self.client) else {
            Issue.record("no second step")
            return
        }
        // The code used to confirm cannot be used again; the next step's code can.
        await #expect(throws: GatehouseError.self) {
            _ = try await identity.completeSecondFactor(stepToken: step, code: totp.code(counter: TOTP.counter(at: now)), client: Self.client)
        }
        let session = try await identity.completeSecondFactor(
            stepToken: step, code: totp.code(counter: TOTP.counter(at: now) + 1), client: Self.client)
        #expect(try await identity.signedIn(sessionToken: session) != nil)

        guard case .needsSecondFactor(let again) = try await identity.signIn(email: user.email, password: Self.password, client: Self.client) else {
            Issue.record("no second step")
            return
        }
        _ = try await identity.completeSecondFactor(stepToken: again, code: codes[0].uppercased(), client: Self.client)
        guard case .needsSecondFactor(let third) = try await identity.signIn(email: user.email, password: Self.password, client: Self.client) else {
            Issue.record("no second step")
            return
        }
        await #expect(throws: GatehouseError.self) {  // a recovery code works once
            _ = try await identity.completeSecondFactor(stepToken: third, code: codes[0], client: Self.client)
        }
        #expect(try await identity.twoFactorStatus(of: user).recoveryCodesLeft == 9)
    }

    @Test func forceLogoutAndResetEndSessionsAtOnce() async throws {
        let f = try await Fixture()
        let user = try await Self.member(f)
        let identity = f.services.identity
        let session = try Self.session(try await identity.signIn(email: user.email, password: Self.password, client: Self.client))
        try await identity.acting(as: .local).forceLogout(userID: user.id, accountID: f.accountID)
        #expect(try await identity.signedIn(sessionToken: session) == nil)

        let again = try Self.session(try await identity.signIn(email: user.email, password: Self.password, client: Self.client))
        try await identity.acting(as: .local).resetPassword(userID: user.id, accountID: f.accountID)
        #expect(try await identity.signedIn(sessionToken: again) == nil)
        #expect(try await f.service.user(id: user.id, accountID: f.accountID).user.passwordResetPending)
        await #expect(throws: GatehouseError.unauthenticated) {
            _ = try await identity.signIn(email: user.email, password: Self.password, client: Self.client)
        }
        let link = try await Self.lastLink(to: user.email, in: f)
        #expect(link.contains("/console/reset/"))
        let fresh = "a different long passphrase"
        _ = try await identity.completeReset(token: Self.token(link), password: fresh, confirmation: fresh)
        #expect(try await f.service.user(id: user.id, accountID: f.accountID).user.passwordResetPending == false)
        _ = try Self.session(try await identity.signIn(email: user.email, password: fresh, client: Self.client))
    }

    @Test func forgotPasswordAnswersAlikeAndDeletedUsersNeverSignIn() async throws {
        let f = try await Fixture()
        let user = try await Self.member(f)
        let identity = f.services.identity
        try await identity.requestPasswordReset(email: "nobody@example.com")
        try await identity.requestPasswordReset(email: user.email)
        #expect(try await Self.lastLink(to: user.email, in: f).contains("/console/reset/"))
        let session = try Self.session(try await identity.signIn(email: user.email, password: Self.password, client: Self.client))
        try await f.service.deleteUser(id: user.id, accountID: f.accountID)
        #expect(try await identity.signedIn(sessionToken: session) == nil)
        await #expect(throws: GatehouseError.unauthenticated) {
            _ = try await identity.signIn(email: user.email, password: Self.password, client: Self.client)
        }
    }

    @Test func aWeakerAdminCannotResetOrSignOutSomeoneStronger() async throws {
        let f = try await Fixture()
        let root = try #require(try await f.service.users(UserQuery(accountID: f.accountID)).first { $0.root })
        let admin = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "admin")
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: "cld::role::account::admin", principal: Principal(type: .provisioningKey, id: admin.key), scopeID: nil, parameters: [:])],
            operation: .add, accountID: f.accountID)
        let asAdmin = f.services.identity.acting(as: .principal(Principal(type: .provisioningKey, id: admin.key)))
        _ = try await f.accounts.setUpOwnerPassword(accountID: f.accountID, password: Self.password)
        let session = try Self.session(try await f.services.identity.signIn(email: root.email, password: Self.password, client: Self.client))
        await #expect(throws: GatehouseError.self) { try await asAdmin.forceLogout(userID: root.id, accountID: f.accountID) }
        await #expect(throws: GatehouseError.self) { try await asAdmin.resetPassword(userID: root.id, accountID: f.accountID) }
        #expect(try await f.services.identity.signedIn(sessionToken: session) != nil, "refused changes wrote nothing")
    }

    @Test func durationsReadAsPeopleWriteThem() {
        #expect(IdentitySettings.duration("90s") == 90 && IdentitySettings.duration("15m") == 900)
        #expect(IdentitySettings.duration("7d") == 604_800 && IdentitySettings.duration("2h") == 7_200)
        #expect(IdentitySettings.duration("x") == nil && IdentitySettings.duration("-5m") == nil && IdentitySettings.duration("") == nil)
    }

    @Test func totpMatchesTheRFCVectors() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 8 digits there; the last 6 here.
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(counter: 59 / 30) == "287082")
        #expect(totp.code(counter: 1_111_111_109 / 30) == "081804")
        #expect(totp.code(counter: 2_000_000_000 / 30) == "279037")
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("mzxw 6ytb oi") == Array("foobar".utf8))
    }
}

extension IdentityServiceTests {
    @Test func anAccountCanRequireASecondFactorOfEveryone() async throws {
        let f = try await Fixture()
        let user = try await Self.member(f)
        let identity = f.services.identity
        let session = try Self.session(try await identity.signIn(email: user.email, password: Self.password, client: Self.client))
        #expect(try await identity.signedIn(sessionToken: session)?.mustSetUpTwoFactor == false)
        _ = try await f.accounts.setRequireTwoFactor(accountID: f.accountID, required: true)
        #expect(try await identity.signedIn(sessionToken: session)?.mustSetUpTwoFactor == true)
        let enrollment = try await identity.beginTwoFactor(for: user)
        let totp = TOTP(secret: try #require(Base32.decode(enrollment.secretBase32)))
        _ = try await identity.confirmTwoFactor(for: user, code: totp.code(counter: TOTP.counter(at: Date())))
        #expect(try await identity.signedIn(sessionToken: session)?.mustSetUpTwoFactor == false)
    }
}
