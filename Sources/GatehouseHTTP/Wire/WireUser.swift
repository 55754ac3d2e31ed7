import Foundation
import GatehouseCore

/// The Provisioning API `User` object.
struct WireUser: Encodable {
    var id: String
    var name: String
    var email: String
    var role: String
    var status: String
    var pending: Bool
    var enabled: Bool
    var created_at: String
    var updated_at: String
    var last_login: String?
    var all_sub_accounts: Bool
    var sub_account_ids: [String]
    var account_id: String
    var root: Bool
    var two_factor: Bool
    var password_reset_pending: Bool
    var providers: [String]
    var email_preferences: EmailPreferences
    var group_count: Int?

    struct EmailPreferences: Encodable, Equatable {
        var product_updates: Bool
        var security_notices: Bool
    }
    var sub_account_count: Int?

    init(_ user: User, facts: SignInFacts, groupCount: Int? = nil) {
        id = user.id
        name = user.name
        email = user.email
        role = user.role.rawValue
        // A reset in progress is a status of its own on the wire, as the Console's user table shows it.
        status = user.passwordResetPending && user.status == .active ? "password_reset" : user.status.rawValue
        pending = user.isPending
        enabled = user.enabled
        created_at = WireTimestamp.string(user.createdAt)
        updated_at = WireTimestamp.string(user.updatedAt)
        last_login = user.lastLogin.map(WireTimestamp.string)
        all_sub_accounts = user.allSubAccounts || user.role == .masterAdmin
        sub_account_ids = user.subAccountIDs
        account_id = user.accountID
        root = user.root
        two_factor = user.twoFactor
        password_reset_pending = user.passwordResetPending
        providers = facts.providers
        email_preferences = .init(product_updates: facts.productUpdates, security_notices: facts.securityNotices)
        group_count = groupCount
        sub_account_count = all_sub_accounts ? nil : user.subAccountIDs.count
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(role, forKey: .role)
        try c.encode(status, forKey: .status)
        try c.encode(pending, forKey: .pending)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(created_at, forKey: .created_at)
        try c.encode(updated_at, forKey: .updated_at)
        try c.encode(last_login, forKey: .last_login)  // null until the first login, as Cloudinary sends it
        try c.encode(all_sub_accounts, forKey: .all_sub_accounts)
        try c.encode(sub_account_ids, forKey: .sub_account_ids)
        try c.encode(account_id, forKey: .account_id)
        try c.encode(root, forKey: .root)
        try c.encode(two_factor, forKey: .two_factor)
        try c.encode(password_reset_pending, forKey: .password_reset_pending)
        try c.encode(providers, forKey: .providers)
        try c.encode(email_preferences, forKey: .email_preferences)
        try c.encodeIfPresent(group_count, forKey: .group_count)
        try c.encodeIfPresent(sub_account_count, forKey: .sub_account_count)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, email, role, status, pending, enabled, created_at, updated_at, last_login, all_sub_accounts,
            sub_account_ids, account_id, root, two_factor, password_reset_pending, providers, email_preferences, group_count,
            sub_account_count
    }
}

/// `UserGroupUser`: the short member form used in group listings.
struct WireUserSummary: Encodable {
    var id: String
    var name: String
    var email: String
    var status: String

    init(_ user: User) {
        id = user.id
        name = user.name
        email = user.email
        // A reset in progress is a status of its own on the wire, as the Console's user table shows it.
        status = user.passwordResetPending && user.status == .active ? "password_reset" : user.status.rawValue
    }
}
