import Foundation
import GatehouseCore

/// Role Management in the Console: creating, editing and deleting roles as a signed-in person. The calls aim
/// at the roles people hold (the owner's Master Admin roles, the Admin's own custom roles) and fill them with
/// the strongest permissions, so an escalation through these forms would be found.
extension WriteCallGenerators {
    static let rolesPage: [String: Generate] = [
        "POST /console/roles/new": { rng, _, t in
            let folder = rng.chance(0.25)
            let scope: ScopeType = folder || rng.chance(0.5) ? .prodenv : .account
            var fields = [
                "tab": folder ? "folder" : "global", "name": "Console role \(rng.next() % 100_000)", "description": "generated",
                "scope_type": scope.rawValue,
            ]
            if rng.chance(0.3) { fields["id"] = "console_gen_\(rng.next() % 100_000)" }
            for id in consoleRolePolicies(&rng, t, folder: folder, scope: scope) { fields["policy:" + id] = "on" }
            return personCall("POST /console/roles/new", "/console/roles/new", fields, &rng, t)
        },
        "POST /console/roles/{id}": { rng, _, t in
            // Mostly custom roles (the editable ones, some held by the callers), sometimes a system role.
            guard let role = rng.pick(t.customRoles.isEmpty || rng.chance(0.2) ? t.roles : t.customRoles) else { return nil }
            var fields = ["name": rng.chance(0.8) ? role.name : "Renamed \(rng.next() % 100_000)", "description": "edited"]
            let folder = role.contentKind != nil
            for id in consoleRolePolicies(&rng, t, folder: folder, scope: role.scopeType) { fields["policy:" + id] = "on" }
            if rng.chance(0.1) { fields["scope_type"] = role.scopeType == .account ? "prodenv" : "account" }
            return personCall("POST /console/roles/{id}", "/console/roles/\(role.id)", fields, &rng, t)
        },
        "POST /console/roles/{id}/delete": { rng, _, t in
            guard let role = rng.pick(t.customRoles.isEmpty || rng.chance(0.1) ? t.roles : t.customRoles) else { return nil }
            return personCall("POST /console/roles/{id}/delete", "/console/roles/\(role.id)/delete", [:], &rng, t)
        },
    ]

    /// Permissions for a role form: often every one of the level (the Master Admin's set), sometimes a random few.
    static func consoleRolePolicies(_ rng: inout SeededGenerator, _ t: Targets, folder: Bool, scope: ScopeType) -> [String] {
        let fitting = t.catalog.policies.filter {
            folder ? $0.policyParameters == [.folderID] : ($0.permissionType == .global && $0.scopeType == scope)
        }.map(\.id)
        if rng.chance(0.4) { return fitting }
        return rng.subset(fitting, max: 6)
    }
}
