import Foundation
import GatehouseCore
import GRDB

struct AccountRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account"
    var id: String
    var name: String
    var planUserLimit: Int
    var additionalUserSubscriptions: Int
    var createdAt: Date
    var requireTwoFactor: Bool

    init(_ a: Account) {
        id = a.id
        name = a.name
        planUserLimit = a.planUserLimit
        additionalUserSubscriptions = a.additionalUserSubscriptions
        createdAt = a.createdAt
        requireTwoFactor = a.requireTwoFactor
    }

    var domain: Account {
        Account(
            id: id, name: name, planUserLimit: planUserLimit, additionalUserSubscriptions: additionalUserSubscriptions, createdAt: createdAt,
            requireTwoFactor: requireTwoFactor)
    }
}

struct ProvisioningKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "provisioningKey"
    var key: String
    var accountID: String
    var name: String?
    var secretSalt: Data
    var secretHash: Data
    var enabled: Bool
    var purpose: String
    var createdAt: Date

    init(_ k: ProvisioningKey) {
        key = k.key
        accountID = k.accountID
        name = k.name
        secretSalt = Data(k.secretSalt)
        secretHash = Data(k.secretHash)
        enabled = k.enabled
        purpose = k.purpose.rawValue
        createdAt = k.createdAt
    }

    /// Read on every account-API request: by column, skipping the `Decodable` machinery.
    init(row: Row) throws {
        key = row["key"]
        accountID = row["accountID"]
        name = row["name"]
        secretSalt = row["secretSalt"]
        secretHash = row["secretHash"]
        enabled = row["enabled"]
        purpose = row["purpose"]
        createdAt = row["createdAt"]
    }

    var domain: ProvisioningKey {
        get throws {
            guard let purpose = ProvisioningKey.Purpose(rawValue: purpose) else {
                throw GatehouseError.corruptData("provisioningKey.purpose of \(key) is '\(purpose)'")
            }
            return ProvisioningKey(
                key: key, accountID: accountID, name: name, secretSalt: Array(secretSalt), secretHash: Array(secretHash),
                enabled: enabled, purpose: purpose, createdAt: createdAt)
        }
    }
}
