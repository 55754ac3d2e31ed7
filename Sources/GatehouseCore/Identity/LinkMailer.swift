import Foundation

/// The mails that carry a one-time link (invitation, password reset): each makes its token, keeps only the
/// token's hash, and queues the mail in the caller's transaction, so the link and the change that needs it
/// commit together.
public struct LinkMailer: Sendable {
    public let settings: IdentitySettings

    public init(settings: IdentitySettings) { self.settings = settings }

    /// A new user's invitation to set a Console password, unless the account signs in through its SAML IdP
    /// and wants none: enforced, or "send invitation email" off. Master Admins are always invited, since they
    /// keep a password even when SAML is enforced. A user left uninvited becomes active at its first SAML sign-in.
    public func inviteNewUser(_ user: User, in db: any StoreWriter, at time: Date) throws {
        if let saml = try db.samlSettings(accountID: user.accountID), saml.isActive, user.role != .masterAdmin,
           saml.enforced || !saml.inviteNewUsers
        {
            return
        }
        try sendInvitation(to: user, in: db, at: time)
    }

    /// Replaces any unused invitation of the user with a new one and queues its mail.
    public func sendInvitation(to user: User, in db: any StoreWriter, at time: Date) throws {
        let link = try issue(.invitation, for: user, ttl: settings.invitationTTL, path: "invitation", in: db, at: time)
        try db.enqueue(
            OutgoingMail(
                to: user.email, subject: "You are invited to Gatehouse",
                text: """
                    \(link)

                    You were added to a Gatehouse account as \(user.email). Follow the link above to choose your name and a \
                    password. The link works once and expires in \(Self.describe(settings.invitationTTL)).
                    """),
            at: time)
    }

    /// Replaces any unused reset link of the user with a new one and queues its mail.
    public func sendReset(to user: User, in db: any StoreWriter, at time: Date) throws {
        let link = try issue(.reset, for: user, ttl: settings.resetTTL, path: "reset", in: db, at: time)
        try db.enqueue(
            OutgoingMail(
                to: user.email, subject: "Reset your Gatehouse password",
                text: """
                    \(link)

                    Someone asked to reset the password of \(user.email). Follow the link above to choose a new one. It works \
                    once and expires in \(Self.describe(settings.resetTTL)). If it was not you, ignore this mail.
                    """),
            at: time)
    }

    /// A reset link for the owner's first password, printed by the first start instead of mailed.
    public func ownerPasswordLink(for user: User, in db: any StoreWriter, at time: Date) throws -> String {
        try issue(.reset, for: user, ttl: settings.invitationTTL, path: "reset", in: db, at: time)
    }

    private func issue(
        _ kind: OneTimeToken.Kind, for user: User, ttl: TimeInterval, path: String, in db: any StoreWriter, at time: Date
    ) throws -> String {
        let token = SecretToken.make()
        try db.deleteTokens(userID: user.id, kind: kind)
        try db.insert(OneTimeToken(tokenHash: SecretToken.hash(token), kind: kind, userID: user.id, accountID: user.accountID, createdAt: time, expiresAt: time + ttl))
        let expires = JSONValue.string((time + ttl).formatted(Date.ISO8601FormatStyle()))
        try db.recordSecurityEvent(
            kind == .invitation ? SecurityEvent.invitationSend : SecurityEvent.resetRequest, on: user, details: ["link_expires": expires])
        return "\(settings.publicURL)/console/\(path)/\(token)"
    }

    static func describe(_ interval: TimeInterval) -> String {
        let seconds = Int(interval)
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) day\(seconds == 86_400 ? "" : "s")" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) hour\(seconds == 3_600 ? "" : "s")" }
        if seconds % 60 == 0 { return "\(seconds / 60) minute\(seconds == 60 ? "" : "s")" }
        return "\(seconds) seconds"
    }
}
