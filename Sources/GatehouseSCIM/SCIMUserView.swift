import Foundation
import GatehouseCore

/// A Gatehouse user as a SCIM User resource, and back: the fields every door shares (email, name, enabled)
/// come from the `User`, the rest from its `SCIMUserProfile`.
public enum SCIMUserView {
    /// Attributes never stored in a profile: the server's own.
    static let computed: Set<String> = ["id", "meta", "groups", "schemas"]

    public static func resource(_ user: User, profile: SCIMUserProfile?, groups: [UserGroup], baseURL: String) -> JSONValue {
        var resource = profile?.attributes ?? .object([:])
        if resource.scimMember("userName") == nil { resource.setSCIMMember("userName", to: .string(user.email)) }
        var schemas: [JSONValue] = [.string(SCIMCatalog.userSchemaID)]
        for ext in SCIMCatalog.userResourceType.extensions where resource.scimMember(ext.schema.id) != nil {
            schemas.append(.string(ext.schema.id))
        }
        resource.setSCIMMember("schemas", to: .array(schemas))
        resource.setSCIMMember("id", to: .string(user.id))
        // `active` and `displayName` are the user's own state, shown whenever a client set them (the profile keeps
        // that they are set) or the user has no profile; a suspended user always shows `active: false`.
        let active = user.enabled && !user.isDeleted
        if profile == nil || resource.scimMember("active") != nil || !active {
            resource.setSCIMMember("active", to: .bool(active))
        }
        resource.setSCIMMember("emails", to: .array(emails(of: user, stored: resource.scimMember("emails"))))
        if (profile == nil || resource.scimMember("displayName") != nil), !user.name.isEmpty {
            resource.setSCIMMember("displayName", to: .string(user.name))
        }
        if !groups.isEmpty {
            resource.setSCIMMember("groups", to: .array(groups.map { group in
                .object([
                    "value": .string(group.id), "display": .string(group.name), "$ref": .string("\(baseURL)/Groups/\(group.id)"),
                    "type": .string("direct"),
                ])
            }))
        }
        let modified = max(user.updatedAt, profile?.updatedAt ?? user.updatedAt)
        return SCIMMeta.stamp(resource, type: "User", location: "\(baseURL)/Users/\(user.id)", created: user.createdAt, lastModified: modified)
    }

    /// The stored emails with the primary one (or the first) carrying the user's sign-in email, which another
    /// door may have changed since.
    static func emails(of user: User, stored: JSONValue?) -> [JSONValue] {
        var list = stored?.arrayValue ?? []
        let index = list.firstIndex { $0.scimMember("primary") == .bool(true) } ?? (list.isEmpty ? nil : 0)
        guard let index else { return [.object(["value": .string(user.email), "type": .string("work"), "primary": .bool(true)])] }
        list[index].setSCIMMember("value", to: .string(user.email))
        return list
    }

    /// What a checked resource asks of the user.
    struct Fields {
        var userName: String
        var email: String
        var name: String
        var active: Bool
        /// Our extension's `environments` and `roles` (keyed by the SAML attribute names), each only when sent.
        var access: [String: [String]]?
        /// What the profile keeps.
        var stored: JSONValue
    }

    static func fields(of resource: JSONValue) throws(SCIMError) -> Fields {
        guard let userName = resource.scimMember("userName")?.stringValue?.trimmingCharacters(in: .whitespaces), !userName.isEmpty else {
            throw .invalidValue("'userName' is required")
        }
        let emails = resource.scimMember("emails")?.arrayValue ?? []
        let chosen = emails.first { $0.scimMember("primary") == .bool(true) } ?? emails.first
        guard let email = chosen?.scimMember("value")?.stringValue, !email.isEmpty else {
            throw .invalidValue("'emails' must hold the user's email (the primary one signs in)")
        }
        if emails.filter({ $0.scimMember("primary") == .bool(true) }).count > 1 {
            throw .invalidValue("only one of 'emails' may be primary")
        }
        let nameParts = resource.scimMember("name")
        let joined = [nameParts?.scimMember("givenName")?.stringValue, nameParts?.scimMember("familyName")?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let name = [resource.scimMember("displayName")?.stringValue, nameParts?.scimMember("formatted")?.stringValue, joined]
            .compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? userName
        // Unassigned (removed, or left out of a replacement) is the default: active.
        var active = true
        if case .bool(let flag)? = resource.scimMember("active") { active = flag }
        var access: [String: [String]]?
        if let ext = resource.scimMember(SCIMCatalog.cloudinaryUserSchemaID) {
            var given: [String: [String]] = [:]
            if let text = ext.scimMember("environments")?.stringValue { given[SAMLRoleMapping.subAccountsAttribute] = [text] }
            if let text = ext.scimMember("roles")?.stringValue { given[SAMLRoleMapping.roleAttribute] = [text] }
            access = given
        }
        var stored = resource
        for key in computed { stored.removeSCIMMember(key) }
        stored.setSCIMMember("userName", to: .string(userName))
        return Fields(userName: userName, email: email, name: name, active: active, access: access, stored: stored)
    }
}
