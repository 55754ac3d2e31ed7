import Foundation
import GatehouseCore

/// The Console's Product environments (with their API keys) and Account API keys areas: environments
/// created, renamed, disabled; keys generated, changed, deleted and given roles (Master Admin among them,
/// sometimes an account role); account keys created, given roles (account Master Admin among them) and
/// revoked, by each signed-in person.
extension WriteCallGenerators {
    static let environmentsPage: [String: Generate] = [
        "POST /console/environments": { rng, _, t in
            let fresh = "gen-env-\(rng.next() % 1_000_000)"
            let cloud = rng.pick([fresh, fresh, "Bad Cloud", t.environments.first?.cloudName ?? "x", ""]) ?? ""
            let fields = ["cloud_name": cloud, "name": rng.chance(0.9) ? "Gen env" : ""]
            return personCall("POST /console/environments", "/console/environments", fields, &rng, t)
        },
        "POST /console/environments/{id}/rename": { rng, _, t in
            guard let env = rng.pick(t.environments) else { return nil }
            return personCall("POST /console/environments/{id}/rename", "/console/environments/\(env.id)/rename", ["name": "Renamed env"], &rng, t)
        },
        "POST /console/environments/{id}/status": { rng, _, t in
            guard let env = rng.pick(t.environments) else { return nil }
            let fields = ["enabled": rng.chance(0.7) ? "false" : "true"]
            return personCall("POST /console/environments/{id}/status", "/console/environments/\(env.id)/status", fields, &rng, t)
        },
        "POST /console/environments/{id}/keys": { rng, _, t in
            guard let env = rng.pick(t.environments) else { return nil }
            let fields = ["key_name": rng.chance(0.5) ? "gen key \(rng.next() % 1000)" : ""]
            return personCall("POST /console/environments/{id}/keys", "/console/environments/\(env.id)/keys", fields, &rng, t)
        },
        "POST /console/environments/{id}/keys/{key}/rename": { rng, _, t in
            keyCall("rename", ["key_name": "renamed key \(rng.next() % 1000)"], &rng, t)
        },
        "POST /console/environments/{id}/keys/{key}/status": { rng, _, t in
            keyCall("status", ["enabled": rng.chance(0.7) ? "false" : "true"], &rng, t)
        },
        "POST /console/environments/{id}/keys/{key}/webhooks": { rng, _, t in keyCall("webhooks", [:], &rng, t) },
        "POST /console/environments/{id}/keys/{key}/delete": { rng, _, t in keyCall("delete", [:], &rng, t) },
        "POST /console/environments/{id}/keys/{key}/roles": { rng, _, t in
            // Mostly product-environment roles, Master Admin often; now and then an account role (refused).
            let prodenv = t.roles.filter { $0.permissionType == .global && $0.scopeType == .prodenv }.map(\.id)
            var chosen = rng.subset(prodenv, max: 2)
            if rng.chance(0.4) { chosen.append(AssignmentRules.masterAdminProdenvRoleID) }
            if rng.chance(0.1) { chosen.append(AssignmentRules.masterAdminAccountRoleID) }
            return keyCall("roles", roleFields(chosen), &rng, t)
        },
    ]

    static let accountKeysPage: [String: Generate] = [
        "POST /console/account-keys": { rng, _, t in
            personCall("POST /console/account-keys", "/console/account-keys", ["key_name": rng.chance(0.5) ? "gen account key" : ""], &rng, t)
        },
        "POST /console/account-keys/{key}/roles": { rng, _, t in
            guard let key = rng.pick(t.provisioningKeys) else { return nil }
            let account = t.roles.filter { $0.permissionType == .global && $0.scopeType == .account }.map(\.id)
            var chosen = rng.subset(account, max: 2)
            if rng.chance(0.5) { chosen.append(AssignmentRules.masterAdminAccountRoleID) }
            let path = "/console/account-keys/\(key.key)/roles"
            return personCall("POST /console/account-keys/{key}/roles", path, roleFields(chosen), &rng, t)
        },
        "POST /console/account-keys/{key}/revoke": { rng, _, t in
            guard let key = rng.pick(t.provisioningKeys) else { return nil }
            return personCall("POST /console/account-keys/{key}/revoke", "/console/account-keys/\(key.key)/revoke", [:], &rng, t)
        },
    ]

    /// A call on one API key of its own environment (or, now and then, named under another environment).
    static func keyCall(_ action: String, _ fields: [String: String], _ rng: inout SeededGenerator, _ t: Targets) -> WriteCall? {
        guard let key = rng.pick(t.keys) else { return nil }
        let env = rng.chance(0.9) ? key.subAccountID : (rng.pick(t.environments.map(\.id)) ?? key.subAccountID)
        let route = "POST /console/environments/{id}/keys/{key}/\(action)"
        return personCall(route, "/console/environments/\(env)/keys/\(key.apiKey)/\(action)", fields, &rng, t)
    }

    /// The ticked checkboxes of an **Assign roles** form.
    static func roleFields(_ roleIDs: [String]) -> [String: String] {
        Dictionary(roleIDs.map { ("role:" + $0, "on") }, uniquingKeysWith: { first, _ in first })
    }
}
