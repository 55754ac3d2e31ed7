import Foundation
import GatehouseCore
import GRDB

struct UserGroupRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "userGroup"
    var id: String
    var accountID: String
    var name: String
    var nameKey: String
    var createdAt: Date
    var updatedAt: Date

    init(_ g: UserGroup) {
        id = g.id
        accountID = g.accountID
        name = g.name
        nameKey = g.name.lowercased()
        createdAt = g.createdAt
        updatedAt = g.updatedAt
    }

    var domain: UserGroup { UserGroup(id: id, accountID: accountID, name: name, createdAt: createdAt, updatedAt: updatedAt) }
}
