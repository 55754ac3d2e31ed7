import Foundation
import GatehouseCore

/// A Gatehouse user group as a SCIM Group resource, and back: the name and members are the group's own,
/// shared with the Provisioning API; `externalId` lives in its `SCIMGroupProfile`.
public enum SCIMGroupView {
    public static func resource(_ group: UserGroup, members: [User], profile: SCIMGroupProfile?, baseURL: String) -> JSONValue {
        var resource = profile?.attributes ?? .object([:])
        resource.setSCIMMember("schemas", to: .array([.string(SCIMCatalog.groupSchemaID)]))
        resource.setSCIMMember("id", to: .string(group.id))
        resource.setSCIMMember("displayName", to: .string(group.name))
        // RFC 7643 §8.7.1 gives members `value`, `$ref` and `type`; a `display` sent is accepted and not kept.
        resource.setSCIMMember("members", to: .array(members.map { user in
            .object(["value": .string(user.id), "$ref": .string("\(baseURL)/Users/\(user.id)"), "type": .string("User")])
        }))
        return SCIMMeta.stamp(
            resource, type: "Group", location: "\(baseURL)/Groups/\(group.id)", created: group.createdAt,
            lastModified: max(group.updatedAt, profile?.updatedAt ?? group.updatedAt))
    }

    struct Fields {
        var displayName: String
        var memberIDs: [String]
        var stored: JSONValue
    }

    static func fields(of resource: JSONValue) throws(SCIMError) -> Fields {
        guard let name = resource.scimMember("displayName")?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalidValue("'displayName' is required")
        }
        var ids: [String] = []
        for member in resource.scimMember("members")?.arrayValue ?? [] {
            guard let id = member.scimMember("value")?.stringValue, !id.isEmpty else {
                throw .invalidValue("each of 'members' needs the user's id as 'value'")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        var stored = resource
        for key in ["id", "meta", "members", "displayName", "schemas"] { stored.removeSCIMMember(key) }
        return Fields(displayName: name, memberIDs: ids, stored: stored)
    }
}
