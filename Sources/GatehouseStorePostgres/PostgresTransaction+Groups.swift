import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func group(id: String, accountID: String) throws -> UserGroup? {
        try row("SELECT * FROM userGroup WHERE id = \(id) AND accountID = \(accountID)").map(Self.group)
    }

    func group(named name: String, accountID: String) throws -> UserGroup? {
        try row("SELECT * FROM userGroup WHERE nameKey = \(name.lowercased()) AND accountID = \(accountID)").map(Self.group)
    }

    func groups(accountID: String) throws -> [UserGroup] {
        try rows("SELECT * FROM userGroup WHERE accountID = \(accountID) ORDER BY createdAt, id").map(Self.group)
    }

    func members(ofGroup groupID: String) throws -> [User] {
        try rows("""
            SELECT \(unescaped: Self.userColumns) FROM users JOIN groupMember ON groupMember.userID = users.id
            WHERE groupMember.groupID = \(groupID) ORDER BY groupMember.addedAt, users.seq
            """).map(Self.user)
    }

    func groups(ofUser userID: String) throws -> [UserGroup] {
        try rows("""
            SELECT userGroup.* FROM userGroup JOIN groupMember ON groupMember.groupID = userGroup.id
            WHERE groupMember.userID = \(userID) ORDER BY userGroup.name
            """).map(Self.group)
    }

    func insert(_ group: UserGroup) throws {
        try execute("""
            INSERT INTO userGroup (id, accountID, name, nameKey, createdAt, updatedAt)
            VALUES (\(group.id), \(group.accountID), \(group.name), \(group.name.lowercased()), \(group.createdAt), \(group.updatedAt))
            """)
    }

    func update(_ group: UserGroup) throws {
        let changed = try execute("""
            UPDATE userGroup SET accountID = \(group.accountID), name = \(group.name), nameKey = \(group.name.lowercased()),
                createdAt = \(group.createdAt), updatedAt = \(group.updatedAt)
            WHERE id = \(group.id)
            """)
        guard changed > 0 else { throw GatehouseError.notFound(kind: .userGroup, id: group.id) }
    }

    func deleteGroup(id: String) throws {
        try execute("DELETE FROM userGroup WHERE id = \(id)")
    }

    func addMember(userID: String, groupID: String) throws {
        try execute("""
            INSERT INTO groupMember (groupID, userID, addedAt) VALUES (\(groupID), \(userID), \(Date()))
            ON CONFLICT DO NOTHING
            """)
    }

    func removeMember(userID: String, groupID: String) throws {
        try execute("DELETE FROM groupMember WHERE groupID = \(groupID) AND userID = \(userID)")
    }

    static func group(_ row: Row) throws -> UserGroup {
        UserGroup(
            id: try row.value("id"), accountID: try row.value("accountID"), name: try row.value("name"),
            createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }
}
