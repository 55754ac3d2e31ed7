import Foundation
import GatehouseCore

/// User Management › Groups in the Console, as a signed-in person: creating groups with roles, renaming,
/// adding and removing members, assigning roles and deleting. The calls aim at the world's "Top" group (it holds
/// account Master Admin) and the Master Admin roles, and have people add themselves, so an escalation through
/// a group would be found.
extension WriteCallGenerators {
    static let groupsPage: [String: Generate] = [
        "POST /console/groups": { rng, _, t in
            var fields = ["name": rng.chance(0.1) ? (rng.pick(t.groups.map(\.name)) ?? "Top") : "Console group \(rng.next() % 100_000)"]
            fields.merge(rolePickerFields(&rng, t, holder: .group)) { $1 }
            return personCall("POST /console/groups", "/console/groups", fields, &rng, t)
        },
        "POST /console/groups/{group_id}/rename": { rng, _, t in
            guard let group = pickGroup(&rng, t) else { return nil }
            let name = rng.chance(0.2) ? (rng.pick(t.groups.map(\.name)) ?? "Top") : "Renamed group \(rng.next() % 100_000)"
            return personCall("POST /console/groups/{group_id}/rename", "/console/groups/\(group.id)/rename", ["name": name], &rng, t)
        },
        "POST /console/groups/{group_id}/members": { rng, _, t in
            guard let group = pickGroup(&rng, t), let person = rng.pick(t.persons) else { return nil }
            // Often the person itself (joining a stronger group), else anyone, by email or by id.
            var user = rng.pick(t.users)
            if rng.chance(0.5), case .person(_, let me, _) = person { user = me }
            guard let user else { return nil }
            let typed = rng.chance(0.8) ? user.email : user.id
            return consoleCall("POST /console/groups/{group_id}/members", "/console/groups/\(group.id)/members", ["user": typed], person)
        },
        "POST /console/groups/{group_id}/members/remove": { rng, w, t in
            guard let group = pickGroup(&rng, t) else { return nil }
            let members = (try? w.app.services.store.readNow { db in try db.members(ofGroup: group.id) }) ?? []
            guard let user = rng.pick(members.isEmpty || rng.chance(0.2) ? t.users : members) else { return nil }
            return personCall(
                "POST /console/groups/{group_id}/members/remove", "/console/groups/\(group.id)/members/remove", ["user": user.id], &rng, t)
        },
        "POST /console/groups/{group_id}/roles": { rng, _, t in
            guard let group = pickGroup(&rng, t) else { return nil }
            let fields = rolePickerFields(&rng, t, holder: .group)
            return personCall("POST /console/groups/{group_id}/roles", "/console/groups/\(group.id)/roles", fields, &rng, t)
        },
        "POST /console/groups/{group_id}/delete": { rng, _, t in
            guard let group = pickGroup(&rng, t) else { return nil }
            return personCall("POST /console/groups/{group_id}/delete", "/console/groups/\(group.id)/delete", [:], &rng, t)
        },
    ]

    /// The Top group (account Master Admin) half of the time, else any group.
    static func pickGroup(_ rng: inout SeededGenerator, _ t: Targets) -> UserGroup? {
        if rng.chance(0.5), let top = t.groups.first(where: { $0.name == "Top" }) { return top }
        return rng.pick(t.groups)
    }
}
