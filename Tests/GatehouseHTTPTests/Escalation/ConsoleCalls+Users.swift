import Foundation
import GatehouseCore

/// User Management › Users in the Console, as a signed-in person: inviting with roles and groups, the user limit,
/// and each row's actions. The calls aim at real users (the owner and the Master Admins half of the time, often
/// the person itself) with the Master Admin roles and the Top group, so an escalation through this door is tried.
extension WriteCallGenerators {
    static let usersPage: [String: Generate] = [
        "POST /console/users/invite": { rng, _, t in
            var fields = rolePickerFields(&rng, t, holder: .user)
            for n in 1...Int(rng.next() % 3 + 1) {
                // Sometimes an address already taken, which the form refuses.
                let taken = rng.chance(0.1) ? rng.pick(t.users.map(\.email)) : nil
                fields["email_\(n)"] = taken ?? "invited\(rng.next() % 1_000_000)@example.com"
                if rng.chance(0.5) { fields["name_\(n)"] = "Invited \(n)" }
            }
            fields.merge(environmentFields(&rng, t)) { $1 }
            for group in rng.subset(t.groups, max: 2) { fields["group_" + group.id] = "on" }
            if rng.chance(0.5), let top = t.groups.first(where: { $0.name == "Top" }) { fields["group_" + top.id] = "on" }
            return personCall("POST /console/users/invite", "/console/users/invite", fields, &rng, t)
        },
        "POST /console/users/seats": { rng, _, t in
            let additional = rng.chance(0.8) ? String(rng.next() % 21) : rng.pick(["21", "-1", "many"]) ?? "21"
            return personCall("POST /console/users/seats", "/console/users/seats", ["additional_users": additional], &rng, t)
        },
        "POST /console/users/{user_id}/edit": { rng, _, t in
            guard let (person, user) = personAndTarget(&rng, t) else { return nil }
            let email = rng.chance(0.8) ? user.email : "edited\(rng.next() % 1_000_000)@example.com"
            var fields = ["name": "Edited \(rng.next() % 1000)", "email": email]
            for group in rng.subset(t.groups, max: 2) { fields["group_" + group.id] = "on" }
            if rng.chance(0.5), let top = t.groups.first(where: { $0.name == "Top" }) { fields["group_" + top.id] = "on" }
            return consoleCall("POST /console/users/{user_id}/edit", "/console/users/\(user.id)/edit", fields, person)
        },
        "POST /console/users/{user_id}/roles": { rng, _, t in
            guard let (person, user) = personAndTarget(&rng, t) else { return nil }
            let fields = rolePickerFields(&rng, t, holder: .user)
            return consoleCall("POST /console/users/{user_id}/roles", "/console/users/\(user.id)/roles", fields, person)
        },
        "POST /console/users/{user_id}/environments": { rng, _, t in
            guard let (person, user) = personAndTarget(&rng, t) else { return nil }
            let fields = environmentFields(&rng, t)
            return consoleCall("POST /console/users/{user_id}/environments", "/console/users/\(user.id)/environments", fields, person)
        },
        "POST /console/users/{user_id}/resend-invite": { rng, _, t in userAction("resend-invite", &rng, t) },
        "POST /console/users/{user_id}/reset-password": { rng, _, t in userAction("reset-password", &rng, t) },
        "POST /console/users/{user_id}/force-logout": { rng, _, t in userAction("force-logout", &rng, t) },
        "POST /console/users/{user_id}/delete": { rng, _, t in userAction("delete", &rng, t) },
    ]

    /// A signed-in person and a user to act on: often the owner or a Master Admin, else the person itself or anyone.
    static func personAndTarget(_ rng: inout SeededGenerator, _ t: Targets) -> (EscalationWorld.CallerRef, User)? {
        guard let person = rng.pick(t.persons) else { return nil }
        var user: User?
        switch rng.next() % 3 {
        case 0: user = rng.pick(t.users.filter { $0.root || $0.role == .masterAdmin })
        case 1: if case .person(_, let me, _) = person { user = me }
        default: break
        }
        guard let target = user ?? rng.pick(t.users) else { return nil }
        return (person, target)
    }

    static func userAction(_ action: String, _ rng: inout SeededGenerator, _ t: Targets) -> WriteCall? {
        guard let (person, user) = personAndTarget(&rng, t) else { return nil }
        return consoleCall("POST /console/users/{user_id}/\(action)", "/console/users/\(user.id)/\(action)", [:], person)
    }

    /// The Console's role picker (Users and Groups forms): a permission level and its roles (`role_<id>`), often a
    /// Master Admin role, sometimes at a mismatched level or in a mismatched mix (which the picker refuses).
    static func rolePickerFields(_ rng: inout SeededGenerator, _ t: Targets, holder: PrincipalType) -> [String: String] {
        let global = t.roles.filter { $0.permissionType == .global && $0.assignableTo.contains(holder) }
        var level = rng.pick(["account", allProductEnvironments] + t.environments.map(\.id)) ?? "account"
        var roles: [Role]
        if rng.chance(0.4) {
            let master = rng.chance(0.5) ? AssignmentRules.masterAdminAccountRoleID : AssignmentRules.masterAdminProdenvRoleID
            if rng.chance(0.7) { level = master == AssignmentRules.masterAdminAccountRoleID ? "account" : allProductEnvironments }
            roles = global.filter { $0.id == master }
        } else {
            let scope: ScopeType = level == "account" ? .account : .prodenv
            roles = rng.subset(global.filter { rng.chance(0.1) || $0.scopeType == scope }, max: 3)
        }
        var fields = ["level": level]
        for role in roles { fields["role_" + role.id] = "on" }
        return fields
    }

    /// All product environments, or some of them ticked.
    static func environmentFields(_ rng: inout SeededGenerator, _ t: Targets) -> [String: String] {
        guard rng.chance(0.5) else { return ["environments": "all"] }
        var fields = ["environments": "some"]
        for env in rng.subset(t.environments, max: 2) { fields["env_" + env.id] = "on" }
        return fields
    }
}
