import Foundation

/// A person with a login (their email) in one account.
public struct User: Sendable, Hashable, Identifiable {
    public var id: String
    public var accountID: String
    public var name: String
    public var email: String
    public var role: LegacyRole
    public var status: UserStatus
    public var enabled: Bool
    /// Product environments this user may access; ignored when `allSubAccounts` is true.
    public var subAccountIDs: [String]
    public var allSubAccounts: Bool
    /// The account creator (Cloudinary's `root`), always a Master Admin.
    public var root: Bool
    public var twoFactor: Bool
    /// Set while a password reset is outstanding, so the user list can show it.
    public var passwordResetPending: Bool
    public var lastLogin: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, accountID: String, name: String, email: String, role: LegacyRole, status: UserStatus,
        enabled: Bool = true, subAccountIDs: [String] = [], allSubAccounts: Bool = true, root: Bool = false,
        twoFactor: Bool = false, passwordResetPending: Bool = false, lastLogin: Date? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.email = email
        self.role = role
        self.status = status
        self.enabled = enabled
        self.subAccountIDs = subAccountIDs
        self.allSubAccounts = allSubAccounts
        self.root = root
        self.twoFactor = twoFactor
        self.passwordResetPending = passwordResetPending
        self.lastLogin = lastLogin
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var isPending: Bool { status == .pending }
    public var isDeleted: Bool { status == .inactive }
}
