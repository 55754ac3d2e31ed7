import Foundation
import GatehouseCore
import GRDB
import HTTPTypes

/// One generated call through a door: an HTTP request, or a `gatehouse` command run by the operator.
struct WriteCall: CustomStringConvertible {
    enum Door {
        case http(method: HTTPRequest.Method, uri: String, body: String?)
        case command(String, @Sendable (GatehouseServices) async throws -> Void)
    }

    var route: String
    var door: Door
    var caller: EscalationWorld.CallerRef

    var description: String {
        switch door {
        case .http(let method, let uri, let body): "\(caller): \(method) \(uri) \(body ?? "")"
        case .command(let line, _): "\(caller): gatehouse \(line)"
        }
    }
}

/// What the generators can aim at, read afresh before each call.
struct Targets {
    var users: [User]
    var groups: [UserGroup]
    var customRoles: [Role]
    var environments: [ProductEnvironment]
    var keys: [AccessKey]
    var provisioningKeys: [ProvisioningKey]
    var folders: [Folder]
    var collections: [AssetCollection]
    var policies: [CustomPolicy]
    var catalog: Catalog
    /// People signed in to the Console for this call.
    var persons: [EscalationWorld.CallerRef] = []
    /// One-time links still in queued mail.
    var links: [Link] = []
    var sessions: [StoredSession] = []

    struct Link: Sendable {
        var user: String
        var kind: String
        var token: String
    }

    /// The links of queued mail, read from the store's file (no worker runs in these tests).
    static func links(in app: TestApp) async throws -> [Link] {
        let queue = try DatabaseQueue(path: app.directory.appendingPathComponent("gatehouse.sqlite").path)
        let rows = try await queue.read { db in
            try Row.fetchAll(db, sql: "SELECT recipient, textBody FROM mailQueue ORDER BY id DESC").map { ($0[0] as String, $0[1] as String) }
        }
        let users = try await app.store.read { db in try db.users(UserQuery(accountID: TestApp.account)) }
        return rows.compactMap { recipient, text in
            guard let link = text.split(whereSeparator: \.isWhitespace).first(where: { $0.hasPrefix("http") }),
                  let user = users.first(where: { $0.email == recipient && !$0.isDeleted })
            else { return nil }
            let parts = link.split(separator: "/")
            guard parts.count >= 2 else { return nil }
            return Link(user: user.id, kind: String(parts[parts.count - 2]), token: String(parts[parts.count - 1]))
        }
    }

    static func read(_ world: EscalationWorld) async throws -> Targets {
        let accountID = world.accountID
        let catalog = world.app.services.resources.catalog
        let links = try await links(in: world.app)
        let sessions = try await world.app.services.store.read { db in
            try db.users(UserQuery(accountID: accountID)).flatMap { try db.sessions(userID: $0.id) }
        }
        return try await world.app.services.store.read { db in
            let envs = try db.environments(EnvironmentQuery(accountID: accountID))
            return Targets(
                users: try db.users(UserQuery(accountID: accountID)), groups: try db.groups(accountID: accountID),
                customRoles: try db.customRoles(accountID: accountID), environments: envs,
                keys: try envs.flatMap { try db.accessKeys(subAccountID: $0.id) },
                provisioningKeys: try db.provisioningKeys(accountID: accountID),
                folders: try envs.flatMap { try db.folders(environmentID: $0.id) },
                collections: try envs.flatMap { try db.collections(environmentID: $0.id) },
                policies: try db.customPolicies(accountID: accountID), catalog: catalog, links: links, sessions: sessions)
        }
    }

    var roles: [Role] { catalog.roles + customRoles }

    var principals: [Principal] {
        users.map { Principal(type: .user, id: $0.id) } + groups.map { Principal(type: .group, id: $0.id) }
            + keys.map { Principal(type: .apiKey, id: $0.apiKey) } + provisioningKeys.map { Principal(type: .provisioningKey, id: $0.key) }
    }
}

/// For every write route, a generator of random but meaningful calls. The test fails when the server has a
/// write route (or command) with no generator here, so a new door cannot skip the property test.
enum WriteCallGenerators {
    typealias Generate = @Sendable (inout SeededGenerator, EscalationWorld, Targets) -> WriteCall?

    static let provisioning = "/v1_1/provisioning/accounts/{account_id}"
    static let permissions = "/v2/accounts/{account_id}/permissions"
    static let admin = "/v1_1/{cloud_name}"

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func accountCall(_ route: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]?, _ rng: inout SeededGenerator,
                            _ world: EscalationWorld) -> WriteCall? {
        guard let caller = rng.pick(world.accountCallers) else { return nil }
        let base = route.hasPrefix(permissions) ? "/v2/accounts/\(world.accountID)/permissions" : "/v1_1/provisioning/accounts/\(world.accountID)"
        return WriteCall(route: route, door: .http(method: method, uri: base + path, body: body.map(json)), caller: caller)
    }

    static func adminCall(_ route: String, _ method: HTTPRequest.Method, _ path: String, _ body: [String: Any]?, _ rng: inout SeededGenerator,
                          _ world: EscalationWorld) -> WriteCall? {
        guard let caller = rng.pick(world.envCallers), case .environment(_, _, let cloud) = caller else { return nil }
        return WriteCall(route: route, door: .http(method: method, uri: "/v1_1/\(cloud)" + path, body: body.map(json)), caller: caller)
    }

    static func roleEntry(_ role: Role, _ rng: inout SeededGenerator, _ t: Targets) -> [String: Any] {
        var entry: [String: Any] = ["id": role.id]
        if role.scopeType == .prodenv { entry["scope_id"] = rng.pick(t.environments.map(\.id) + ["all"]) ?? "all" }
        switch role.contentKind {
        case .folderID?: entry["policy_parameters"] = ["folder_id": rng.pick(t.folders.map(\.externalID)) ?? "none"]
        case .collectionID?: entry["policy_parameters"] = ["collection_id": rng.pick(t.collections.map(\.externalID)) ?? "none"]
        case nil: break
        }
        return entry
    }

    static func principalEntry(_ rng: inout SeededGenerator, _ t: Targets) -> (type: String, id: String) {
        let p = rng.pick(t.principals) ?? Principal(type: .user, id: "none")
        return (p.type.rawValue, p.id)
    }

    static func policyIDs(_ rng: inout SeededGenerator, _ t: Targets, scope: ScopeType) -> [String] {
        rng.subset(t.catalog.policies.filter { $0.scopeType == scope && $0.permissionType == .global }.map(\.id), max: 9)
    }

    static func statement(_ rng: inout SeededGenerator, _ world: EscalationWorld, _ caller: Principal?) -> String {
        let me = caller.map { "Cloudinary::\($0.type == .provisioningKey ? "ProvisioningKey" : "APIKey")::\"\($0.id)\"" } ?? "Cloudinary::User::\"x\""
        return rng.pick([
            "permit(principal == \(me), action, resource);",
            "forbid(principal == Cloudinary::User::\"\(world.root.id)\", action, resource);",
            "permit(principal, action == Cloudinary::Action::\"read\", resource is Cloudinary::User);",
        ]) ?? ""
    }

    static func folderPath(_ rng: inout SeededGenerator, _ t: Targets) -> String {
        rng.chance(0.5) ? (rng.pick(t.folders.map(\.path)) ?? "x") : "\(rng.pick(["shared", "scratch", "new"]) ?? "new")/f\(Int.random(in: 0..<50, using: &rng))"
    }

    /// Every door's generators: the APIs' and sign-in's here, each Console area's in its own file.
    static let all: [String: Generate] = consoleAreas.reduce(apiAndSignIn) { $0.merging($1) { first, _ in first } }

    /// The Console's administration areas, one generator table each (`ConsoleCalls+<Area>.swift`).
    static let consoleAreas: [[String: Generate]] = [rolesPage, environmentsPage, accountKeysPage, groupsPage, accountPage, usersPage, samlPages, scimRoutes]

    static let apiAndSignIn: [String: Generate] = [
        "POST \(provisioning)/users": { rng, w, t in
            var body: [String: Any] = ["name": "Gen User", "email": "gen\(rng.next() % 1_000_000)@example.com"]
            if rng.chance(0.7) { body["role"] = rng.pick(LegacyRole.allCases.map(\.rawValue)) }
            if rng.chance(0.6) { body["sub_account_ids"] = rng.subset(t.environments.map(\.id), max: 2) }
            return accountCall("POST \(provisioning)/users", .post, "/users", body, &rng, w)
        },
        "PUT \(provisioning)/users/{user_id}": { rng, w, t in
            guard let user = rng.pick(t.users) else { return nil }
            var body: [String: Any] = [:]
            if rng.chance(0.5) { body["role"] = rng.pick(LegacyRole.allCases.map(\.rawValue)) }
            if rng.chance(0.3) { body["email"] = "changed\(rng.next() % 1_000_000)@example.com" }
            if rng.chance(0.3) { body["enabled"] = rng.chance(0.5) }
            if rng.chance(0.3) { body["sub_account_ids"] = rng.subset(t.environments.map(\.id), max: 2) }
            if rng.chance(0.2) { body["name"] = "Renamed" }
            return accountCall("PUT \(provisioning)/users/{user_id}", .put, "/users/\(user.id)", body, &rng, w)
        },
        "DELETE \(provisioning)/users/{user_id}": { rng, w, t in
            guard let user = rng.pick(t.users) else { return nil }
            return accountCall("DELETE \(provisioning)/users/{user_id}", .delete, "/users/\(user.id)", nil, &rng, w)
        },
        "POST \(provisioning)/user_groups": { rng, w, _ in
            accountCall("POST \(provisioning)/user_groups", .post, "/user_groups", ["name": "Group \(rng.next() % 10_000)"], &rng, w)
        },
        "PUT \(provisioning)/user_groups/{group_id}": { rng, w, t in
            guard let group = rng.pick(t.groups) else { return nil }
            return accountCall("PUT \(provisioning)/user_groups/{group_id}", .put, "/user_groups/\(group.id)", ["name": "Renamed \(rng.next() % 10_000)"], &rng, w)
        },
        "DELETE \(provisioning)/user_groups/{group_id}": { rng, w, t in
            guard let group = rng.pick(t.groups) else { return nil }
            return accountCall("DELETE \(provisioning)/user_groups/{group_id}", .delete, "/user_groups/\(group.id)", nil, &rng, w)
        },
        "POST \(provisioning)/user_groups/{group_id}/users/{user_id}": { rng, w, t in
            guard let group = rng.pick(t.groups), let user = rng.pick(t.users) else { return nil }
            return accountCall("POST \(provisioning)/user_groups/{group_id}/users/{user_id}", .post, "/user_groups/\(group.id)/users/\(user.id)", nil, &rng, w)
        },
        "DELETE \(provisioning)/user_groups/{group_id}/users/{user_id}": { rng, w, t in
            guard let group = rng.pick(t.groups), let user = rng.pick(t.users) else { return nil }
            return accountCall("DELETE \(provisioning)/user_groups/{group_id}/users/{user_id}", .delete, "/user_groups/\(group.id)/users/\(user.id)", nil, &rng, w)
        },
        "POST \(provisioning)/sub_accounts": { rng, w, _ in
            accountCall("POST \(provisioning)/sub_accounts", .post, "/sub_accounts", ["name": "Env \(rng.next() % 10_000)"], &rng, w)
        },
        "PUT \(provisioning)/sub_accounts/{sub_account_id}": { rng, w, t in
            guard let env = rng.pick(t.environments) else { return nil }
            let body: [String: Any] = rng.chance(0.5) ? ["enabled": rng.chance(0.5)] : ["name": "Renamed env"]
            return accountCall("PUT \(provisioning)/sub_accounts/{sub_account_id}", .put, "/sub_accounts/\(env.id)", body, &rng, w)
        },
        "DELETE \(provisioning)/sub_accounts/{sub_account_id}": { rng, w, t in
            guard let env = rng.pick(t.environments) else { return nil }
            return accountCall("DELETE \(provisioning)/sub_accounts/{sub_account_id}", .delete, "/sub_accounts/\(env.id)", nil, &rng, w)
        },
        "POST \(provisioning)/sub_accounts/{sub_account_id}/access_keys": { rng, w, t in
            guard let env = rng.pick(t.environments) else { return nil }
            return accountCall("POST \(provisioning)/sub_accounts/{sub_account_id}/access_keys", .post, "/sub_accounts/\(env.id)/access_keys",
                               ["name": "key \(rng.next() % 10_000)"], &rng, w)
        },
        "PUT \(provisioning)/sub_accounts/{sub_account_id}/access_keys/{key}": { rng, w, t in
            guard let key = rng.pick(t.keys) else { return nil }
            return accountCall("PUT \(provisioning)/sub_accounts/{sub_account_id}/access_keys/{key}", .put,
                               "/sub_accounts/\(key.subAccountID)/access_keys/\(key.apiKey)", ["enabled": rng.chance(0.5)], &rng, w)
        },
        "DELETE \(provisioning)/sub_accounts/{sub_account_id}/access_keys/{key}": { rng, w, t in
            guard let key = rng.pick(t.keys) else { return nil }
            return accountCall("DELETE \(provisioning)/sub_accounts/{sub_account_id}/access_keys/{key}", .delete,
                               "/sub_accounts/\(key.subAccountID)/access_keys/\(key.apiKey)", nil, &rng, w)
        },
        "DELETE \(provisioning)/sub_accounts/{sub_account_id}/access_keys": { rng, w, t in
            guard let key = rng.pick(t.keys.filter { $0.name != nil }), let name = key.name else { return nil }
            let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            return accountCall("DELETE \(provisioning)/sub_accounts/{sub_account_id}/access_keys", .delete,
                               "/sub_accounts/\(key.subAccountID)/access_keys?name=\(query)", nil, &rng, w)
        },
        "POST \(permissions)/roles": { rng, w, t in
            let scope: ScopeType = rng.chance(0.5) ? .account : .prodenv
            return accountCall("POST \(permissions)/roles", .post, "/roles", [
                "name": "Gen role \(rng.next() % 100_000)", "scope_type": scope.rawValue, "permission_type": "global",
                "system_policy_ids": policyIDs(&rng, t, scope: scope),
            ], &rng, w)
        },
        "PUT \(permissions)/roles/{role_id}": { rng, w, t in
            guard let role = rng.pick(t.roles) else { return nil }
            let ids = role.permissionType == .global ? policyIDs(&rng, t, scope: role.scopeType) : role.systemPolicyIDs
            return accountCall("PUT \(permissions)/roles/{role_id}", .put, "/roles/\(role.id)",
                               ["name": role.name, "system_policy_ids": ids], &rng, w)
        },
        "DELETE \(permissions)/roles/{role_id}": { rng, w, t in
            guard let role = rng.pick(t.customRoles.isEmpty ? t.roles : t.customRoles) else { return nil }
            return accountCall("DELETE \(permissions)/roles/{role_id}", .delete, "/roles/\(role.id)?force=\(rng.chance(0.7))", nil, &rng, w)
        },
        "PUT \(permissions)/principal_roles": { rng, w, t in
            let principal = principalEntry(&rng, t)
            let roles = (0..<(1 + Int(rng.next() % 2))).compactMap { _ in rng.pick(t.roles) }.map { roleEntry($0, &rng, t) }
            return accountCall("PUT \(permissions)/principal_roles", .put, "/principal_roles", [
                "operation": rng.pick(["add", "remove", "set"]) ?? "add", "principal": ["type": principal.type, "id": principal.id],
                "roles": roles, "permission_type": rng.chance(0.8) ? "global" : "content",
            ], &rng, w)
        },
        "PUT \(permissions)/roles/{role_id}/principals": { rng, w, t in
            guard let role = rng.pick(t.roles) else { return nil }
            var entry = roleEntry(role, &rng, t)
            let principal = principalEntry(&rng, t)
            entry["principal_type"] = principal.type
            entry["principal_id"] = principal.id
            entry["id"] = nil
            return accountCall("PUT \(permissions)/roles/{role_id}/principals", .put, "/roles/\(role.id)/principals",
                               ["operation": rng.pick(["add", "remove"]) ?? "add", "principals": [entry]], &rng, w)
        },
        "POST \(permissions)/principal_roles/inspect": { rng, w, t in
            let principal = principalEntry(&rng, t)
            return accountCall("POST \(permissions)/principal_roles/inspect", .post, "/principal_roles/inspect",
                               ["scope_type": "account", "principals": [["type": principal.type, "id": principal.id]]], &rng, w)
        },
        "POST \(permissions)/check": { rng, w, t in
            let principal = principalEntry(&rng, t)
            return accountCall("POST \(permissions)/check", .post, "/check", [
                "principal": ["type": principal.type, "id": principal.id], "action": "read", "resource": ["type": "User", "id": "any"],
                "what_if": [["role_id": AssignmentRules.masterAdminAccountRoleID]],
            ], &rng, w)
        },
        "POST \(permissions)/readable_folders": { rng, w, t in
            let principal = principalEntry(&rng, t)
            guard let env = rng.pick(t.environments.map(\.id)) else { return nil }
            return accountCall("POST \(permissions)/readable_folders", .post, "/readable_folders", [
                "principal": ["type": principal.type, "id": principal.id], "scope_id": env,
            ], &rng, w)
        },
        "POST \(permissions)/policies/custom": { rng, w, t in
            guard let caller = rng.pick(w.accountCallers) else { return nil }
            let env = rng.chance(0.5) ? rng.pick(t.environments.map(\.id)) : nil
            let body: [String: Any] = [
                "name": "Gen policy \(rng.next() % 100_000)", "policy_statement": statement(&rng, w, caller.principal),
                "scope_type": env == nil ? "account" : "prodenv", "scope_id": env ?? NSNull(),
            ]
            return WriteCall(route: "POST \(permissions)/policies/custom",
                             door: .http(method: .post, uri: "/v2/accounts/\(w.accountID)/permissions/policies/custom", body: json(body)), caller: caller)
        },
        "PUT \(permissions)/policies/custom/{policy_id}": { rng, w, t in
            guard let policy = rng.pick(t.policies) else { return nil }
            return accountCall("PUT \(permissions)/policies/custom/{policy_id}", .put, "/policies/custom/\(policy.id)", [
                "name": policy.name, "policy_statement": statement(&rng, w, nil), "scope_type": policy.scopeType.rawValue,
                "scope_id": policy.scopeID ?? NSNull(), "enabled": rng.chance(0.5),
            ], &rng, w)
        },
        "DELETE \(permissions)/policies/custom/{policy_id}": { rng, w, t in
            guard let policy = rng.pick(t.policies) else { return nil }
            return accountCall("DELETE \(permissions)/policies/custom/{policy_id}", .delete, "/policies/custom/\(policy.id)", nil, &rng, w)
        },
        "POST /v2/accounts/permissions/public/validate": { rng, w, _ in
            WriteCall(route: "POST /v2/accounts/permissions/public/validate",
                      door: .http(method: .post, uri: "/v2/accounts/permissions/public/validate",
                                  body: json(["policy": statement(&rng, w, nil)])), caller: .local)
        },
        "POST \(admin)/folders/search": { rng, w, _ in
            adminCall("POST \(admin)/folders/search", .post, "/folders/search", ["expression": "name:shared"], &rng, w)
        },
        "POST \(admin)/folders/**": { rng, w, t in
            adminCall("POST \(admin)/folders/**", .post, "/folders/" + folderPath(&rng, t), nil, &rng, w)
        },
        "PUT \(admin)/folders/**": { rng, w, t in
            guard let from = rng.pick(t.folders.map(\.path)) else { return nil }
            return adminCall("PUT \(admin)/folders/**", .put, "/folders/" + from, ["to_folder": folderPath(&rng, t)], &rng, w)
        },
        "DELETE \(admin)/folders/**": { rng, w, t in
            guard let path = rng.pick(t.folders.map(\.path)) else { return nil }
            return adminCall("DELETE \(admin)/folders/**", .delete, "/folders/" + path, nil, &rng, w)
        },
        "POST \(admin)/folder_operations/invite/{folder_id}": { rng, w, t in
            guard let folder = rng.pick(t.folders) else { return nil }
            let roles = rng.subset(t.roles.filter { $0.contentKind == .folderID }.map(\.id), max: 2)
            let principal = principalEntry(&rng, t)
            return adminCall("POST \(admin)/folder_operations/invite/{folder_id}", .post, "/folder_operations/invite/\(folder.externalID)", [
                "principal": ["type": principal.type, "id": principal.id], "operation": rng.pick(["add", "remove"]) ?? "add",
                "roles": roles.isEmpty ? ["cld::role::folder::viewer"] : roles,
            ], &rng, w)
        },
        "POST \(admin)/collections": { rng, w, _ in
            adminCall("POST \(admin)/collections", .post, "/collections", ["name": "Coll \(rng.next() % 10_000)"], &rng, w)
        },
        "PUT \(admin)/collections/{collection_id}": { rng, w, t in
            guard let c = rng.pick(t.collections) else { return nil }
            return adminCall("PUT \(admin)/collections/{collection_id}", .put, "/collections/\(c.externalID)", ["name": "Renamed \(rng.next() % 10_000)"], &rng, w)
        },
        "DELETE \(admin)/collections/{collection_id}": { rng, w, t in
            guard let c = rng.pick(t.collections) else { return nil }
            return adminCall("DELETE \(admin)/collections/{collection_id}", .delete, "/collections/\(c.externalID)", nil, &rng, w)
        },
        "POST \(admin)/collection_operations/invite/{collection_id}": { rng, w, t in
            guard let c = rng.pick(t.collections) else { return nil }
            let roles = rng.subset(t.roles.filter { $0.contentKind == .collectionID }.map(\.id), max: 2)
            let principal = rng.pick(t.users.map { ("user", $0.id) } + t.groups.map { ("group", $0.id) }) ?? ("user", "none")
            return adminCall("POST \(admin)/collection_operations/invite/{collection_id}", .post, "/collection_operations/invite/\(c.externalID)", [
                "principal": ["type": principal.0, "id": principal.1], "operation": rng.pick(["add", "remove"]) ?? "add",
                "roles": roles.isEmpty ? ["cld::role::collection::viewer"] : roles,
            ], &rng, w)
        },
        // The Console: a browser before sign-in (a right password or a one-time link acts for its user), or a
        // signed-in person.
        "POST /console/login": { rng, w, t in
            let person = rng.pick(w.people)
            let right = rng.chance(0.5)
            return consoleCall("POST /console/login", "/console/login", [
                "email": person?.email ?? "nobody@example.com", "password": right ? EscalationWorld.password : "not the password at all",
            ], browser(&rng, actingFor: right ? person : nil))
        },
        "POST /console/login/verify": { rng, _, _ in
            consoleCall("POST /console/login/verify", "/console/login/verify", ["code": String(rng.next() % 1_000_000)], browser(&rng, actingFor: nil))
        },
        "POST /console/forgot": { rng, w, _ in
            consoleCall("POST /console/forgot", "/console/forgot", ["email": rng.pick(w.people)?.email ?? "x@example.com"], browser(&rng, actingFor: nil))
        },
        "POST /console/invitation/{token}": { rng, w, t in linkCall("invitation", &rng, w, t) },
        "POST /console/reset/{token}": { rng, w, t in linkCall("reset", &rng, w, t) },
        "POST /console/logout": { rng, _, t in personCall("POST /console/logout", "/console/logout", [:], &rng, t) },
        "POST /console/profile": { rng, _, t in
            personCall("POST /console/profile", "/console/profile", ["first_name": "Gen", "last_name": "Erated", "product_updates": "on"], &rng, t)
        },
        "POST /console/profile/password": { rng, _, t in
            personCall("POST /console/profile/password", "/console/profile/password", [
                "current_password": rng.chance(0.5) ? EscalationWorld.password : "wrong current password",
                "new_password": EscalationWorld.password,
            ], &rng, t)
        },
        "POST /console/profile/two-factor": { rng, _, t in personCall("POST /console/profile/two-factor", "/console/profile/two-factor", [:], &rng, t) },
        "POST /console/profile/two-factor/verify": { rng, _, t in
            personCall("POST /console/profile/two-factor/verify", "/console/profile/two-factor/verify", ["code": String(rng.next() % 1_000_000)], &rng, t)
        },
        "POST /console/profile/sessions/end": { rng, _, t in
            personCall("POST /console/profile/sessions/end", "/console/profile/sessions/end", ["session": rng.pick(t.sessions.map(\.idHash)) ?? "none"], &rng, t)
        },
        "POST /console/profile/sessions/end-all": { rng, _, t in
            personCall("POST /console/profile/sessions/end-all", "/console/profile/sessions/end-all", [:], &rng, t)
        },
        // The `gatehouse` commands: the operator, through the same services.
        "command account": { rng, _, _ in
            let limit = Int(rng.next() % 200)
            let requireTwoFactor = rng.chance(0.3) ? rng.chance(0.5) : nil
            let line = "account --user-limit \(limit)" + (requireTwoFactor.map { " --require-2fa \($0 ? "on" : "off")" } ?? "")
            return WriteCall(route: "command account", door: .command(line) { services in
                let accounts = services.accounts.acting(as: .local)
                guard let account = try await accounts.accounts().first else { return }
                _ = try await accounts.setSeats(accountID: account.id, planUserLimit: limit, additionalUserSubscriptions: nil)
                if let requireTwoFactor { _ = try await accounts.setRequireTwoFactor(accountID: account.id, required: requireTwoFactor) }
            }, caller: .local)
        },
        "command key create": { _, _, _ in
            WriteCall(route: "command key create", door: .command("key create") { services in
                let accounts = services.accounts.acting(as: .local)
                guard let account = try await accounts.accounts().first else { return }
                _ = try await accounts.createProvisioningKey(accountID: account.id, name: "cli")
            }, caller: .local)
        },
        "command user activate": { rng, _, t in
            guard let user = rng.pick(t.users) else { return nil }
            let email = user.email
            return WriteCall(route: "command user activate", door: .command("user activate \(email)") { services in
                _ = try await services.accounts.acting(as: .local).activateUser(email: email)
            }, caller: .local)
        },
        "command user resend-invite": { rng, _, t in
            guard let user = rng.pick(t.users) else { return nil }
            return userCommand("resend-invite", user) { try await $0.resendInvitation(userID: user.id, accountID: user.accountID) }
        },
        "command user reset-password": { rng, _, t in
            guard let user = rng.pick(t.users) else { return nil }
            return userCommand("reset-password", user) { try await $0.resetPassword(userID: user.id, accountID: user.accountID) }
        },
        // Retention as if two days had passed: the whole log so far is cut behind a checkpoint, which the run's
        // final verification then has to accept.
        "command audit prune": { _, _, _ in
            WriteCall(route: "command audit prune", door: .command("audit prune --older-than-days 1") { services in
                let later = AuditLog(store: services.store, signer: services.audit.signer, now: { Date().addingTimeInterval(2 * 86_400) })
                try await later.acting(as: .local).prune(keepingDays: 1)
            }, caller: .local)
        },
        "command user force-logout": { rng, _, t in
            guard let user = rng.pick(t.users) else { return nil }
            return userCommand("force-logout", user) { try await $0.forceLogout(userID: user.id, accountID: user.accountID) }
        },
        // `restore` and `migrate` replace or copy the whole store outside the services; what they write through
        // the services is their audit event, the operator's alone.
        "command restore": { _, _, _ in
            storeOperation("restore", action: "store.restore")
        },
        "command migrate": { _, _, _ in
            storeOperation("migrate", action: "store.migrate")
        },
    ]

    static func storeOperation(_ command: String, action: String) -> WriteCall {
        WriteCall(route: "command \(command)", door: .command("\(command) --from backup") { services in
            try await services.audit.acting(as: .local).recordStoreOperation(
                action, details: ["source": .string("backup"), "events_verified": .integer(0)])
        }, caller: .local)
    }

    /// The commands that write, by the name `all` files them under.
    static let commands = [
        "command account", "command key create", "command user resend-invite", "command user reset-password", "command user force-logout",
        "command user activate", "command audit prune", "command saml configure", "command saml disable", "command scim token create",
        "command scim token revoke", "command restore", "command migrate",
    ]

    static func form(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    static func browser(_ rng: inout SeededGenerator, actingFor user: User?) -> EscalationWorld.CallerRef {
        .browser(formToken: "form\(rng.next() % 1_000_000)", link: user.map { Principal(type: .user, id: $0.id) })
    }

    static func consoleCall(_ route: String, _ path: String, _ fields: [String: String], _ caller: EscalationWorld.CallerRef) -> WriteCall {
        var fields = fields
        fields["csrf"] = caller.formToken
        return WriteCall(route: route, door: .http(method: .post, uri: path, body: form(fields)), caller: caller)
    }

    static func personCall(_ route: String, _ path: String, _ fields: [String: String], _ rng: inout SeededGenerator, _ t: Targets) -> WriteCall? {
        guard let person = rng.pick(t.persons) else { return nil }
        return consoleCall(route, path, fields, person)
    }

    /// A one-time link of this kind still in the mail (it acts for its user), or one that never was.
    static func linkCall(_ kind: String, _ rng: inout SeededGenerator, _ w: EscalationWorld, _ t: Targets) -> WriteCall? {
        let route = "POST /console/\(kind)/{token}"
        let fields = ["name": "Link User", "password": EscalationWorld.password, "confirm_password": EscalationWorld.password]
        if rng.chance(0.7), let link = rng.pick(t.links.filter { $0.kind == kind }),
           let user = t.users.first(where: { $0.id == link.user }) {
            return consoleCall(route, "/console/\(kind)/\(link.token)", fields, browser(&rng, actingFor: user))
        }
        return consoleCall(route, "/console/\(kind)/not-a-token-\(rng.next() % 1000)", fields, browser(&rng, actingFor: nil))
    }

    static func userCommand(_ name: String, _ user: User, _ run: @escaping @Sendable (IdentityService) async throws -> Void) -> WriteCall {
        WriteCall(route: "command user \(name)", door: .command("user \(name) \(user.email)") { services in
            try await run(services.identity.acting(as: .local))
        }, caller: .local)
    }
}
