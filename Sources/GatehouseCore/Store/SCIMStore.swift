import Foundation

/// What the store keeps for SCIM beside the users and groups themselves (tokens are provisioning keys).
public protocol SCIMReader {
    func scimUserProfile(userID: String) throws -> SCIMUserProfile?
    /// The profile whose `userName` is `userName` case-insensitively.
    func scimUserProfile(userName: String, accountID: String) throws -> SCIMUserProfile?
    func scimUserProfiles(accountID: String) throws -> [SCIMUserProfile]
    /// The users whose stored SCIM attributes contain `text` anywhere, ASCII case-insensitively: a superset,
    /// for narrowing a filter before it is evaluated.
    func scimUserIDs(accountID: String, mentioning text: String) throws -> [String]
    func scimGroupProfile(groupID: String) throws -> SCIMGroupProfile?
    func scimGroupProfiles(accountID: String) throws -> [SCIMGroupProfile]
}

public protocol SCIMWriter: SCIMReader {
    func save(_ profile: SCIMUserProfile) throws
    func deleteSCIMUserProfile(userID: String) throws
    func save(_ profile: SCIMGroupProfile) throws
}
