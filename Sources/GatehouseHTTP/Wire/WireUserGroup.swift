import GatehouseCore

/// The `UserGroup` object; `users` and timestamps only with `extended_details`.
struct WireUserGroup: Encodable {
    var id: String
    var name: String
    var users: [WireUserSummary]?
    var created_at: String?
    var updated_at: String?

    init(_ group: UserGroup, members: [User]?) {
        id = group.id
        name = group.name
        users = members?.map(WireUserSummary.init)
        if members != nil {
            created_at = WireTimestamp.string(group.createdAt)
            updated_at = WireTimestamp.string(group.updatedAt)
        }
    }
}

/// Reply of "add user to group": the added user's fields (new SDK) plus the member list (legacy SDK).
struct WireGroupMembership: Encodable {
    var id: String
    var name: String
    var email: String
    var users: [WireUserSummary]
}
