import Foundation

/// What the store keeps of people's sign-in: passwords (bcrypt hashes), profiles, sessions, one-time links,
/// sign-in failures and lockouts, two-factor secrets and recovery codes (hashes).
public protocol IdentityReader {
    func passwordHash(userID: String) throws -> String?
    func profile(userID: String) throws -> Profile?
    func session(idHash: String) throws -> StoredSession?
    func sessions(userID: String) throws -> [StoredSession]
    func token(hash: String) throws -> OneTimeToken?
    /// Failed sign-ins for this canonical email, or from this address, since `time`.
    func signInFailures(emailKey: String, since time: Date) throws -> Int
    func signInFailures(address: String, since time: Date) throws -> Int
    /// The end of the latest lockout of `subject` still running at `time`.
    func lockedUntil(kind: String, subject: String, at time: Date) throws -> Date?
    func twoFactor(userID: String) throws -> TwoFactorSecret?
    func recoveryCodesLeft(userID: String) throws -> Int
    /// Sign-in facts of these users, in a few queries whatever their number.
    func signInFacts(userIDs: [String]) throws -> [String: SignInFacts]
}

public protocol IdentityWriter: IdentityReader {
    func setPasswordHash(_ hash: String?, userID: String, at time: Date) throws
    func save(_ profile: Profile) throws
    func insert(_ session: StoredSession) throws
    func touchSession(idHash: String, at time: Date) throws
    func deleteSession(idHash: String) throws
    func deleteSessions(userID: String) throws
    func insert(_ token: OneTimeToken) throws
    func markUsed(tokenHash: String, at time: Date) throws
    /// Voids every unused token of this kind of the user (a new link replaces the old).
    func deleteTokens(userID: String, kind: OneTimeToken.Kind) throws
    func recordSignInFailure(emailKey: String, address: String, at time: Date) throws
    func recordLockout(kind: String, subject: String, at time: Date, until: Date) throws
    func save(_ twoFactor: TwoFactorSecret) throws
    func deleteTwoFactor(userID: String) throws
    func replaceRecoveryCodes(userID: String, hashes: [String]) throws
    /// Marks the code used; false when it is unknown or was used already.
    func useRecoveryCode(userID: String, hash: String, at time: Date) throws -> Bool
}
