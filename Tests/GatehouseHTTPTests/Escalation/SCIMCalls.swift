import Foundation
import GatehouseCore
import HTTPTypes

/// SCIM's doors: users and groups created, replaced, patched (Okta's and Entra's shapes) and deleted by SCIM
/// tokens holding User Provisioning, more, or nothing; our extension asks for the strongest roles; targets
/// include the owner. And `gatehouse scim token create|revoke`. A token may give only what it holds.
extension WriteCallGenerators {
    static let scimBase = "/scim/v2"

    static func scimCall(_ route: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]?, _ rng: inout SeededGenerator,
                         _ world: EscalationWorld) -> WriteCall? {
        guard let caller = rng.pick(world.scimCallers) else { return nil }
        return WriteCall(route: route, door: .http(method: method, uri: scimBase + path, body: body.map(json)), caller: caller)
    }

    /// What the Cloudinary extension may ask: the strongest roles, every form, environments.
    static func scimAccess(_ rng: inout SeededGenerator, _ w: EscalationWorld) -> [String: Any] {
        var access: [String: Any] = [:]
        if rng.chance(0.8) { access["roles"] = rng.subset(samlRoles(w), max: 3).joined(separator: ",") }
        if rng.chance(0.5) { access["environments"] = rng.subset([w.env1.cloudName, w.env2.cloudName, "all"], max: 2).joined(separator: ",") }
        return access
    }

    static func scimUser(_ rng: inout SeededGenerator, _ w: EscalationWorld, _ t: Targets) -> [String: Any] {
        let email = rng.chance(0.3) ? rng.pick(t.users.map(\.email)) ?? "root@example.com" : "scim\(rng.next() % 1000)@example.com"
        var user: [String: Any] = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": rng.chance(0.8) ? email : "name\(rng.next() % 50)",
            "emails": [["value": email, "primary": true, "type": "work"]], "name": ["givenName": "Scim", "familyName": "User"],
            "active": rng.chance(0.8),
        ]
        if rng.chance(0.5) { user["urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User"] = scimAccess(&rng, w) }
        return user
    }

    static func scimPatch(_ rng: inout SeededGenerator, _ w: EscalationWorld, _ t: Targets, group: Bool) -> [String: Any] {
        let op = rng.pick(["add", "replace", "Replace", "remove"]) ?? "replace"
        var operation: [String: Any] = ["op": op]
        if group {
            let member = rng.pick(t.users.map(\.id)) ?? "none"
            if op == "remove" {
                operation["path"] = "members[value eq \"\(member)\"]"
            } else {
                operation["path"] = "members"
                operation["value"] = [["value": member]]
            }
        } else {
            switch rng.next() % 4 {
            case 0: operation["value"] = ["active": rng.chance(0.5)]  // Okta: path-less
            case 1: operation["path"] = "active"; operation["value"] = rng.chance(0.5) ? "False" : "True"  // Entra
            case 2:
                operation["path"] = "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User:roles"
                operation["value"] = rng.subset(samlRoles(w), max: 2).joined(separator: ",")
            default:
                operation["path"] = "emails[type eq \"work\"].value"
                operation["value"] = rng.pick(t.users.map(\.email)) ?? "other@example.com"
            }
        }
        return ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [operation]]
    }

    static func scimTarget(_ rng: inout SeededGenerator, _ t: Targets) -> String {
        rng.pick(t.users.map(\.id)) ?? "none"
    }

    static let scimRoutes: [String: Generate] = [
        "POST /scim/v2/Users": { rng, w, t in scimCall("POST /scim/v2/Users", .post, "/Users", scimUser(&rng, w, t), &rng, w) },
        "PUT /scim/v2/Users/{id}": { rng, w, t in
            let id = scimTarget(&rng, t)
            return scimCall("PUT /scim/v2/Users/{id}", .put, "/Users/\(id)", scimUser(&rng, w, t), &rng, w)
        },
        "PATCH /scim/v2/Users/{id}": { rng, w, t in
            let id = scimTarget(&rng, t)
            return scimCall("PATCH /scim/v2/Users/{id}", .patch, "/Users/\(id)", scimPatch(&rng, w, t, group: false), &rng, w)
        },
        "DELETE /scim/v2/Users/{id}": { rng, w, t in
            let id = scimTarget(&rng, t)
            return scimCall("DELETE /scim/v2/Users/{id}", .delete, "/Users/\(id)", nil, &rng, w)
        },
        "POST /scim/v2/Users/.search": { rng, w, t in
            let email = rng.pick(t.users.map(\.email)) ?? "x"
            return scimCall("POST /scim/v2/Users/.search", .post, "/Users/.search", ["filter": "userName eq \"\(email)\""], &rng, w)
        },
        "POST /scim/v2/Groups": { rng, w, t in
            let members = rng.subset(t.users.map(\.id), max: 3).map { ["value": $0] }
            let body: [String: Any] = [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "SCIM group \(rng.next() % 20)", "members": members,
            ]
            return scimCall("POST /scim/v2/Groups", .post, "/Groups", body, &rng, w)
        },
        "PUT /scim/v2/Groups/{id}": { rng, w, t in
            let id = rng.pick(t.groups.map(\.id)) ?? "none"
            let members = rng.subset(t.users.map(\.id), max: 3).map { ["value": $0] }
            let body: [String: Any] = ["displayName": "SCIM renamed \(rng.next() % 20)", "members": members]
            return scimCall("PUT /scim/v2/Groups/{id}", .put, "/Groups/\(id)", body, &rng, w)
        },
        "PATCH /scim/v2/Groups/{id}": { rng, w, t in
            let id = rng.pick(t.groups.map(\.id)) ?? "none"
            return scimCall("PATCH /scim/v2/Groups/{id}", .patch, "/Groups/\(id)", scimPatch(&rng, w, t, group: true), &rng, w)
        },
        "DELETE /scim/v2/Groups/{id}": { rng, w, t in
            let id = rng.pick(t.groups.map(\.id)) ?? "none"
            return scimCall("DELETE /scim/v2/Groups/{id}", .delete, "/Groups/\(id)", nil, &rng, w)
        },
        "POST /scim/v2/Groups/.search": { rng, w, _ in
            scimCall("POST /scim/v2/Groups/.search", .post, "/Groups/.search", ["filter": "displayName sw \"SCIM\""], &rng, w)
        },
        "POST /scim/v2/.search": { rng, w, _ in scimCall("POST /scim/v2/.search", .post, "/.search", ["filter": "id pr"], &rng, w) },
        "POST /console/scim-tokens": { rng, _, t in
            personCall("POST /console/scim-tokens", "/console/scim-tokens", ["token_name": "console \(rng.next() % 1000)"], &rng, t)
        },
        "POST /console/scim-tokens/{key}/revoke": { rng, _, t in
            // Only the tokens the Console generator made, so the run's SCIM callers keep theirs.
            let key = rng.pick(t.provisioningKeys.filter { $0.purpose == .scim && ($0.name ?? "").hasPrefix("console ") }.map(\.key)) ?? "none"
            return personCall("POST /console/scim-tokens/{key}/revoke", "/console/scim-tokens/\(key)/revoke", [:], &rng, t)
        },
        "command scim token create": { rng, _, _ in
            let name = "cli \(rng.next() % 1000)"
            return WriteCall(route: "command scim token create", door: .command("scim token create --name '\(name)'") { services in
                let accounts = services.accounts.acting(as: .local)
                guard let account = try await accounts.accounts().first else { return }
                _ = try await accounts.createSCIMToken(name: name, accountID: account.id)
            }, caller: .local)
        },
        "command scim token revoke": { rng, _, t in
            // Never the tokens the run's callers use: only those the CLI generator made.
            guard let token = rng.pick(t.provisioningKeys.filter { $0.purpose == .scim && ($0.name ?? "").hasPrefix("cli ") }) else { return nil }
            let name = token.name ?? ""
            return WriteCall(route: "command scim token revoke", door: .command("scim token revoke --name '\(name)'") { services in
                try await services.accounts.acting(as: .local).revokeSCIMToken(named: name, accountID: token.accountID)
            }, caller: .local)
        },
    ]
}
