import Foundation

extension GuardedWriter {
    /// A profile changes no one's standing (the user's own fields and roles are written, and guarded, on
    /// their own); it only has to stay in the transaction's account, and its changes are audited on the user.
    func save(_ profile: SCIMUserProfile) throws {
        try ensureOwnAccount(profile.accountID)
        let old = try base.scimUserProfile(userID: profile.userID)
        try base.save(profile)
        let name = try base.user(id: profile.userID, accountID: profile.accountID)?.name
        try recordChange(
            "user.scim_profile.update", AuditTarget(type: "user", id: profile.userID, name: name),
            from: old?.attributes.objectValue, to: profile.attributes.objectValue ?? [:])
    }

    func deleteSCIMUserProfile(userID: String) throws {
        guard let old = try base.scimUserProfile(userID: userID) else { return }
        try ensureOwnAccount(old.accountID)
        try base.deleteSCIMUserProfile(userID: userID)
        try record("user.scim_profile.delete", AuditTarget(type: "user", id: userID), before: old.attributes)
    }

    func save(_ profile: SCIMGroupProfile) throws {
        try ensureOwnAccount(profile.accountID)
        let old = try base.scimGroupProfile(groupID: profile.groupID)
        try base.save(profile)
        let name = try base.group(id: profile.groupID, accountID: profile.accountID)?.name
        try recordChange(
            "group.scim_profile.update", AuditTarget(type: "group", id: profile.groupID, name: name),
            from: old?.attributes.objectValue, to: profile.attributes.objectValue ?? [:])
    }

    private func ensureOwnAccount(_ accountID: String) throws {
        guard accountID == rules.accountID else { throw GatehouseError.notAllowed("SCIM profiles belong to their own account") }
    }

    func scimUserProfile(userID: String) throws -> SCIMUserProfile? { try base.scimUserProfile(userID: userID) }
    func scimUserProfile(userName: String, accountID: String) throws -> SCIMUserProfile? {
        try base.scimUserProfile(userName: userName, accountID: accountID)
    }
    func scimUserProfiles(accountID: String) throws -> [SCIMUserProfile] { try base.scimUserProfiles(accountID: accountID) }
    func scimUserIDs(accountID: String, mentioning text: String) throws -> [String] {
        try base.scimUserIDs(accountID: accountID, mentioning: text)
    }
    func scimGroupProfile(groupID: String) throws -> SCIMGroupProfile? { try base.scimGroupProfile(groupID: groupID) }
    func scimGroupProfiles(accountID: String) throws -> [SCIMGroupProfile] { try base.scimGroupProfiles(accountID: accountID) }
}
