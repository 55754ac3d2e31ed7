import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func scimUserProfile(userID: String) throws -> SCIMUserProfile? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM scimUser WHERE userID = ?"), arguments: [userID]).map(Self.scimUserProfile)
    }

    func scimUserProfile(userName: String, accountID: String) throws -> SCIMUserProfile? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM scimUser WHERE accountID = ? AND userNameKey = ?",
            arguments: [accountID, SCIMUserProfile.key(userName)]
        ).map(Self.scimUserProfile)
    }

    func scimUserProfiles(accountID: String) throws -> [SCIMUserProfile] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM scimUser WHERE accountID = ?"), arguments: [accountID]).map(Self.scimUserProfile)
    }

    func scimUserIDs(accountID: String, mentioning text: String) throws -> [String] {
        try String.fetchAll(
            db, sql: "SELECT userID FROM scimUser WHERE accountID = ? AND instr(lower(attributesJSON), ?) > 0",
            arguments: [accountID, text.lowercased()])
    }

    func save(_ profile: SCIMUserProfile) throws {
        try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO scimUser (userID, accountID, userNameKey, attributesJSON, updatedAt)
                VALUES (?, ?, ?, ?, ?)
                """).execute(arguments: [profile.userID, profile.accountID, SCIMUserProfile.key(profile.userName), try Self.text(profile.attributes),
                        profile.updatedAt])
    }

    func deleteSCIMUserProfile(userID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM scimUser WHERE userID = ?").execute(arguments: [userID])
    }

    func scimGroupProfile(groupID: String) throws -> SCIMGroupProfile? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM scimGroup WHERE groupID = ?"), arguments: [groupID]).map(Self.scimGroupProfile)
    }

    func scimGroupProfiles(accountID: String) throws -> [SCIMGroupProfile] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM scimGroup WHERE accountID = ?"), arguments: [accountID]).map(Self.scimGroupProfile)
    }

    func save(_ profile: SCIMGroupProfile) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO scimGroup (groupID, accountID, attributesJSON, updatedAt) VALUES (?, ?, ?, ?)").execute(arguments: [profile.groupID, profile.accountID, try Self.text(profile.attributes), profile.updatedAt])
    }

    private static func text(_ value: JSONValue) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// The stored attributes; text that is not a JSON object fails loudly rather than reading as empty.
    private static func attributes(_ row: Row, table: String, id: String) throws -> JSONValue {
        let text: String = row["attributesJSON"]
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), case .object = value else {
            throw GatehouseError.corruptData("\(table).attributesJSON of \(id) is not a JSON object")
        }
        return value
    }

    private static func scimUserProfile(_ row: Row) throws -> SCIMUserProfile {
        let id: String = row["userID"]
        let attributes = try attributes(row, table: "scimUser", id: id)
        guard case .string? = attributes.objectValue?["userName"] else {
            throw GatehouseError.corruptData("scimUser.attributesJSON of \(id) has no userName")
        }
        return SCIMUserProfile(userID: id, accountID: row["accountID"], attributes: attributes, updatedAt: row["updatedAt"])
    }

    private static func scimGroupProfile(_ row: Row) throws -> SCIMGroupProfile {
        let id: String = row["groupID"]
        return SCIMGroupProfile(
            groupID: id, accountID: row["accountID"], attributes: try attributes(row, table: "scimGroup", id: id), updatedAt: row["updatedAt"])
    }
}
