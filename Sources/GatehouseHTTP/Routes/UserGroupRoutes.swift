import GatehouseCore
import Hummingbird

extension ProvisioningRoutes {
    struct UserGroupsBody: Encodable { var user_groups: [WireUserGroup] }
    struct MembersBody: Encodable { var users: [WireUserSummary] }

    func registerUserGroups(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("user_groups") { request, context in
            let accountID = try context.requireAccount()
            if try QueryParameters(request.uri.query).bool("extended_details") == true {
                let groups = try await service.groupsWithMembers(accountID: accountID)
                return try JSONResponse.make(UserGroupsBody(user_groups: groups.map { WireUserGroup($0.0, members: $0.1) }))
            }
            let groups = try await service.groups(accountID: accountID)
            return try JSONResponse.make(UserGroupsBody(user_groups: groups.map { WireUserGroup($0, members: nil) }))
        }
        group.post("user_groups") { request, context in
            let body = try await WireBody.read(request, context: context)
            let created = try await service.acting(as: try context.caller()).createGroup(name: try body.requiredString("name"), accountID: try context.requireAccount())
            return try JSONResponse.make(WireUserGroup(created, members: []))
        }
        group.get("user_groups/:group_id") { request, context in
            let (found, members) = try await service.group(id: try context.path("group_id"), accountID: try context.requireAccount())
            let extended = try QueryParameters(request.uri.query).bool("extended_details") ?? false
            return try JSONResponse.make(WireUserGroup(found, members: extended ? members : nil))
        }
        group.put("user_groups/:group_id") { request, context in
            let body = try await WireBody.read(request, context: context)
            let (updated, members) = try await service.acting(as: try context.caller()).updateGroup(
                id: try context.path("group_id"), accountID: try context.requireAccount(), name: try body.string("name"))
            return try JSONResponse.make(WireUserGroup(updated, members: members))
        }
        group.delete("user_groups/:group_id") { _, context in
            try await service.acting(as: try context.caller()).deleteGroup(id: try context.path("group_id"), accountID: try context.requireAccount())
            return try JSONResponse.ok()
        }
        group.get("user_groups/:group_id/users") { _, context in
            let (_, members) = try await service.group(id: try context.path("group_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(MembersBody(users: members.map(WireUserSummary.init)))
        }
        group.post("user_groups/:group_id/users/:user_id") { _, context in
            let (user, members) = try await service.acting(as: try context.caller()).addUser(
                try context.path("user_id"), toGroup: try context.path("group_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(WireGroupMembership(
                id: user.id, name: user.name, email: user.email, users: members.map(WireUserSummary.init)))
        }
        group.delete("user_groups/:group_id/users/:user_id") { _, context in
            let members = try await service.acting(as: try context.caller()).removeUser(
                try context.path("user_id"), fromGroup: try context.path("group_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(MembersBody(users: members.map(WireUserSummary.init)))
        }
    }
}
