import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    func scimUserProfile(userID: String) throws -> SCIMUserProfile? {
        try row("SELECT * FROM scimUser WHERE userID = \(userID)").map(Self.scimUserProfile)
    }

    func scimUserProfile(userName: String, accountID: String) throws -> SCIMUserProfile? {
        try row("SELECT * FROM scimUser WHERE accountID = \(accountID) AND userNameKey = \(SCIMUserProfile.key(userName))")
            .map(Self.scimUserProfile)
    }

    func scimUserProfiles(accountID: String) throws -> [SCIMUserProfile] {
        try rows("SELECT * FROM scimUser WHERE accountID = \(accountID)").map(Self.scimUserProfile)
    }

    func scimUserIDs(accountID: String, mentioning text: String) throws -> [String] {
        // ASCII letters only are folded, as SQLite's lower() does, whatever the database's locale.
        try rows("""
            SELECT userID FROM scimUser
            WHERE accountID = \(accountID)
              AND strpos(translate(attributesJSON, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), \(text.lowercased())) > 0
            """
        ).map { try $0.value("userID") }
    }

    /// Replaces the user's profile. The caller frees the userName first (`SCIMDirectory`): a userName another
    /// user of the account still holds fails on the unique index rather than taking that user's profile away.
    func save(_ profile: SCIMUserProfile) throws {
        try execute("""
            INSERT INTO scimUser (userID, accountID, userNameKey, attributesJSON, updatedAt)
            VALUES (\(profile.userID), \(profile.accountID), \(SCIMUserProfile.key(profile.userName)), \(try Self.text(profile.attributes)),
                    \(profile.updatedAt))
            ON CONFLICT (userID) DO UPDATE SET accountID = excluded.accountID, userNameKey = excluded.userNameKey,
                attributesJSON = excluded.attributesJSON, updatedAt = excluded.updatedAt
            """)
    }

    func deleteSCIMUserProfile(userID: String) throws {
        try execute("DELETE FROM scimUser WHERE userID = \(userID)")
    }

    func scimGroupProfile(groupID: String) throws -> SCIMGroupProfile? {
        try row("SELECT * FROM scimGroup WHERE groupID = \(groupID)").map(Self.scimGroupProfile)
    }

    func scimGroupProfiles(accountID: String) throws -> [SCIMGroupProfile] {
        try rows("SELECT * FROM scimGroup WHERE accountID = \(accountID)").map(Self.scimGroupProfile)
    }

    func save(_ profile: SCIMGroupProfile) throws {
        try execute("""
            INSERT INTO scimGroup (groupID, accountID, attributesJSON, updatedAt)
            VALUES (\(profile.groupID), \(profile.accountID), \(try Self.text(profile.attributes)), \(profile.updatedAt))
            ON CONFLICT (groupID) DO UPDATE SET accountID = excluded.accountID, attributesJSON = excluded.attributesJSON,
                updatedAt = excluded.updatedAt
            """)
    }

    /// The same JSON text the SQLite store keeps.
    private static func text(_ value: JSONValue) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// The stored attributes; text that is not a JSON object fails loudly rather than reading as empty.
    private static func attributes(_ row: Row, table: String, id: String) throws -> JSONValue {
        let text: String = try row.value("attributesJSON")
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
            throw GatehouseError.corruptData("\(table).attributesJSON of \(id) is not a JSON object")
        }
        return value
    }

    private static func scimUserProfile(_ row: Row) throws -> SCIMUserProfile {
        let id: String = try row.value("userID")
        let attributes = try attributes(row, table: "scimUser", id: id)
        guard case .string? = attributes.objectValue?["userName"] else {
            throw GatehouseError.corruptData("scimUser.attributesJSON of \(id) has no userName")
        }
        return SCIMUserProfile(userID: id, accountID: try row.value("accountID"), attributes: attributes, updatedAt: try row.value("updatedAt"))
    }

    private static func scimGroupProfile(_ row: Row) throws -> SCIMGroupProfile {
        let id: String = try row.value("groupID")
        return SCIMGroupProfile(
            groupID: id, accountID: try row.value("accountID"), attributes: try attributes(row, table: "scimGroup", id: id),
            updatedAt: try row.value("updatedAt"))
    }
}
