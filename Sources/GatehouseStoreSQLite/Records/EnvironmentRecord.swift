import Foundation
import GatehouseCore
import GRDB

struct EnvironmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "environment"
    var id: String
    var accountID: String
    var name: String
    var nameKey: String
    var cloudName: String
    var description: String?
    var enabled: Bool
    var customAttributes: [String: JSONValue]
    var baseSubAccountID: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ e: ProductEnvironment) {
        id = e.id
        accountID = e.accountID
        name = e.name
        nameKey = e.name.lowercased()
        cloudName = e.cloudName
        description = e.description
        enabled = e.enabled
        customAttributes = e.customAttributes
        baseSubAccountID = e.baseSubAccountID
        createdAt = e.createdAt
        updatedAt = e.updatedAt
    }

    var domain: ProductEnvironment {
        ProductEnvironment(
            id: id, accountID: accountID, name: name, cloudName: cloudName, description: description,
            enabled: enabled, customAttributes: customAttributes, baseSubAccountID: baseSubAccountID,
            createdAt: createdAt, updatedAt: updatedAt)
    }
}

struct AccessKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "accessKey"
    var apiKey: String
    var subAccountID: String
    var apiSecret: String
    var name: String?
    var enabled: Bool
    var dedicatedForWebhooks: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ k: AccessKey) {
        apiKey = k.apiKey
        subAccountID = k.subAccountID
        apiSecret = k.apiSecret
        name = k.name
        enabled = k.enabled
        dedicatedForWebhooks = k.dedicatedForWebhooks
        createdAt = k.createdAt
        updatedAt = k.updatedAt
    }

    var domain: AccessKey {
        AccessKey(
            apiKey: apiKey, apiSecret: apiSecret, subAccountID: subAccountID, name: name, enabled: enabled,
            dedicatedForWebhooks: dedicatedForWebhooks, createdAt: createdAt, updatedAt: updatedAt)
    }
}
