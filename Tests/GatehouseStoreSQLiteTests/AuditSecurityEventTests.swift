import Foundation
import GatehouseCore
import Testing

/// Security events (`auth.*`): each sign-in step and each credential change is recorded with its actor,
/// target and what happened, failures included; never a password, code or token.
@Suite struct AuditSecurityEventTests {
    typealias I = IdentityServiceTests

    static func events(_ f: Fixture, _ action: String, accountID: String? = nil) async throws -> [AuditEvent] {
        try await f.services.audit.events(AuditQuery(accountID: accountID ?? f.accountID, action: action, limit: 500))
    }

    static func details(_ event: AuditEvent) -> [String: JSONValue] { event.after?.objectValue ?? [:] }

    @Test func invitationSignInFailureLockoutAndSessionsAreRecorded() async throws {
        let f = try await Fixture()
        let user = try await I.member(f)
        let identity = f.services.identity

        let sent = try #require(try await Self.events(f, "auth.invitation.send").first)
        #expect(sent.actor.type == .cli && sent.target.id == user.id && Self.details(sent)["link_expires"] != nil)
        let accepted = try #require(try await Self.events(f, "auth.invitation.accept").first)
        #expect(accepted.actor.type == .user && accepted.actor.id == user.id && accepted.outcome == .success)

        let origin = AuditOrigin(requestID: "req-1", clientIP: "192.0.2.7", userAgent: "tests")
        let session = try await AuditOrigin.$current.withValue(origin) {
            try I.session(try await identity.signIn(email: user.email, password: I.password, client: I.client))
        }
        let signedIn = try #require(try await Self.events(f, "auth.sign_in.success").first)
        #expect(signedIn.actor == AuditActor(type: .user, id: user.id, name: "Ann Example", authentication: "password"))
        #expect(signedIn.requestID == "req-1" && signedIn.clientIP == "192.0.2.7" && signedIn.userAgent == "tests")

        // A wrong password: a failure event for the user; an unknown email: one outside any account.
        await #expect(throws: GatehouseError.self) {
            _ = try await identity.signIn(email: user.email, password: "wrong password!", client: I.client)
        }
        await #expect(throws: GatehouseError.self) {
            _ = try await identity.signIn(email: "nobody@example.com", password: "wrong password!", client: I.client)
        }
        let failed = try #require(try await Self.events(f, "auth.sign_in.failure").first)
        #expect(failed.outcome == .failure && failed.actor.type == .system && failed.target.id == user.id)
        #expect(Self.details(failed) == ["reason": .string("wrong_credentials")])
        let unknown = try #require(try await Self.events(f, "auth.sign_in.failure", accountID: "").first)
        #expect(unknown.target == AuditTarget(type: "email", id: "nobody@example.com"))

        // Ten failures lock the email: recorded once, with until when.
        for _ in 0..<10 {
            _ = try? await identity.signIn(email: user.email, password: "wrong password!", client: ClientInfo(address: "198.51.100.\(Int.random(in: 1...250))", userAgent: nil))
        }
        let lockouts = try await Self.events(f, "auth.lockout")
        #expect(lockouts.count == 1 && lockouts[0].target.id == user.id && Self.details(lockouts[0])["locked"] == .string("email"))

        try await identity.signOut(sessionToken: session)
        let ended = try #require(try await Self.events(f, "auth.session.end").first)
        #expect(ended.actor.id == user.id && Self.details(ended)["reason"] == .string("sign_out"))

        // Nothing secret in any event.
        let all = try await f.services.audit.events(AuditQuery(accountID: f.accountID, limit: 500))
        for event in all {
            let text = AuditCanonicalEncoding.json(event.jsonValue)
            #expect(!text.contains(I.password) && !text.contains(session) && !text.contains("$2"))
        }
    }

    @Test func secondFactorRecoveryCodesPasswordsAndForceLogoutAreRecorded() async throws {
        let f = try await Fixture()
        let user = try await I.member(f)
        let identity = f.services.identity
        let totp = TOTP(secret: try #require(Base32.decode(try await identity.beginTwoFactor(for: user).secretBase32)))
        let now = Date()
        let codes = try await identity.confirmTwoFactor(for: user, code: totp.code(counter: TOTP.counter(at: now)))
        #expect(try await Self.events(f, "auth.two_factor.begin").first?.target.id == user.id)
        let enrolled = try #require(try await Self.events(f, "auth.two_factor.enroll").first)
        #expect(enrolled.actor.id == user.id && Self.details(enrolled) == ["recovery_codes": .integer(10)])

        guard case .needsSecondFactor(let step) = try await identity.signIn(email: user.email, password: I.password, client: I.client) else {
            Issue.record("no second step")
            return
        }
        await #expect(throws: GatehouseError.self) {
            _ = try await identity.completeSecondFactor(stepToken: step, code: "000000", client: I.client)
        }
        let wrongCode = try #require(try await Self.events(f, "auth.sign_in.failure").first)
        #expect(Self.details(wrongCode) == ["reason": .string("wrong_second_factor")])
        let session = try await identity.completeSecondFactor(stepToken: step, code: codes[0], client: I.client)
        let used = try #require(try await Self.events(f, "auth.recovery_code.use").first)
        #expect(Self.details(used) == ["remaining": .integer(9)])
        #expect(try await Self.events(f, "auth.sign_in.success").first?.actor.authentication == "password+recovery_code")

        let signedIn = try #require(try await identity.signedIn(sessionToken: session))
        await #expect(throws: GatehouseError.self) {
            try await identity.changePassword(of: user, keeping: signedIn.session, current: "not it at all", new: "x", confirmation: "x")
        }
        let refused = try #require(try await Self.events(f, "auth.password.change").first)
        #expect(refused.outcome == .failure && Self.details(refused) == ["reason": .string("wrong_current_password")])
        try await identity.changePassword(
            of: user, keeping: signedIn.session, current: I.password, new: "another long phrase", confirmation: "another long phrase")
        let changed = try #require(try await Self.events(f, "auth.password.change").first)
        #expect(changed.outcome == .success && changed.target.id == user.id)

        try await identity.acting(as: .local).forceLogout(userID: user.id, accountID: f.accountID)
        let forced = try #require(try await Self.events(f, "auth.force_logout").first)
        #expect(forced.actor.type == .cli && forced.target.id == user.id && Self.details(forced) == ["sessions_ended": .integer(1)])

        try await identity.acting(as: .local).resetPassword(userID: user.id, accountID: f.accountID)
        let requested = try #require(try await Self.events(f, "auth.password.reset_request").first)
        #expect(requested.actor.type == .cli && requested.target.id == user.id)
        let link = try await I.lastLink(to: user.email, in: f)
        _ = try await identity.completeReset(token: I.token(link), password: I.password + "!", confirmation: I.password + "!")
        let reset = try #require(try await Self.events(f, "auth.password.reset").first)
        #expect(reset.actor.id == user.id && reset.outcome == .success)
        guard case .intact = try await f.services.audit.verify() else {
            Issue.record("the chain does not verify")
            return
        }
    }
}
