import Foundation
import GatehouseCore
import GRDB

/// The `user` row; environment access lives in `userEnvironment` and is attached by the store.
struct UserRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"
    var id: String
    var accountID: String
    var name: String
    var nameKey: String
    var email: String
    var emailKey: String
    var role: String
    var status: String
    var enabled: Bool
    var allSubAccounts: Bool
    var root: Bool
    var twoFactor: Bool
    var passwordResetPending: Bool
    var lastLogin: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ u: User) {
        id = u.id
        accountID = u.accountID
        name = u.name
        nameKey = u.name.lowercased()
        email = u.email
        emailKey = EmailRule.canonical(u.email)
        role = u.role.rawValue
        status = u.status.rawValue
        enabled = u.enabled
        allSubAccounts = u.allSubAccounts
        root = u.root
        twoFactor = u.twoFactor
        passwordResetPending = u.passwordResetPending
        lastLogin = u.lastLogin
        createdAt = u.createdAt
        updatedAt = u.updatedAt
    }

    func domain(subAccountIDs: [String]) throws -> User {
        User(
            id: id, accountID: accountID, name: name, email: email,
            role: try StoredValue.parse(role, table: Self.databaseTableName, column: "role"),
            status: try StoredValue.parse(status, table: Self.databaseTableName, column: "status"),
            enabled: enabled, subAccountIDs: subAccountIDs, allSubAccounts: allSubAccounts, root: root,
            twoFactor: twoFactor, passwordResetPending: passwordResetPending, lastLogin: lastLogin,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}
