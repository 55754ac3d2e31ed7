import Cedar
import Foundation
@testable import GatehouseCore

/// One thing a principal may or may not do: an action on a resource in a scope (nil: the account). The
/// property test measures "what a principal holds" as the set of probes the Cedar engine allows it.
struct PermissionProbe: Hashable, CustomStringConvertible {
    var scopeID: String?
    var action: String
    var resourceType: String
    var resourceID: String
    var attributes: [String: GatehouseCore.JSONValue] = [:]
    var context: [String: GatehouseCore.JSONValue] = [:]
    /// The folder this probe is about, for the folder-manager rule.
    var folderID: String?

    var description: String {
        "\(action) \(resourceType)::\"\(resourceID)\"\(context.isEmpty ? "" : " \(context)") in \(scopeID ?? "account")"
    }

    var request: CheckRequest.Resource { .init(type: resourceType, id: resourceID, attributes: attributes) }

    /// Probes over everything the catalog's policies speak of: each feature, each resource type and action,
    /// and each probed folder and the collection with the attributes their statements test.
    static func all(world: EscalationWorld, catalog: Catalog) -> [PermissionProbe] {
        var probes: [PermissionProbe] = []
        let features = { (scope: ScopeType) -> [String] in
            let ids = catalog.policies.filter { $0.scopeType == scope }.flatMap { policy in
                policy.statement.matches(of: #/Cloudinary::Feature::"([^"]+)"/#).map { String($0.output.1) }
            }
            return Array(Set(ids)).sorted()
        }
        let crud = ["read", "create", "update", "delete"]
        for feature in features(.account) {
            probes.append(.init(scopeID: nil, action: "read", resourceType: "Feature", resourceID: feature))
        }
        for type in ["User", "Group", "Role", "ProductEnvironment", "Account"] {
            for action in crud { probes.append(.init(scopeID: nil, action: action, resourceType: type, resourceID: "any")) }
        }
        for report in ["account_usage", "audit_log"] {
            probes.append(.init(scopeID: nil, action: "read", resourceType: "Report", resourceID: report, attributes: ["type": .string(report)]))
        }
        for env in [world.env1.id, world.env2.id] {
            for feature in features(.prodenv) {
                probes.append(.init(scopeID: env, action: "read", resourceType: "Feature", resourceID: feature))
            }
            for type in ["UploadPreset", "APIKey", "Transformation", "Webhook", "MetadataField", "StreamingProfile", "VideoPlayer", "Portal"] {
                for action in crud { probes.append(.init(scopeID: env, action: action, resourceType: type, resourceID: "any")) }
            }
            probes.append(.init(scopeID: env, action: "update_settings", resourceType: "ProductEnvironment", resourceID: env))
            for report in ["delivery", "env_usage"] {
                probes.append(.init(scopeID: env, action: "read", resourceType: "Report", resourceID: report, attributes: ["type": .string(report)]))
            }
            probes.append(.init(scopeID: env, action: "moderate", resourceType: "Asset", resourceID: "any", attributes: ["ancestor_ids": .array([])]))
        }
        let env = world.env1.id
        for (folder, lineage) in world.probedFolders {
            let ancestors = GatehouseCore.JSONValue.array(lineage.map(JSONValue.string))
            let folderAttributes: [String: GatehouseCore.JSONValue] = ["ancestor_ids": ancestors, "name": .string(folder.name)]
            for action in ["read", "create", "update", "delete", "share", "move"] {
                probes.append(.init(scopeID: env, action: action, resourceType: "Folder", resourceID: folder.externalID, attributes: folderAttributes,
                                    folderID: folder.externalID))
            }
            probes.append(.init(scopeID: env, action: "move", resourceType: "Folder", resourceID: folder.externalID, attributes: folderAttributes,
                                context: ["direction": .string("out")], folderID: folder.externalID))
            for mode in ["public", "authenticated"] {
                let asset: [String: GatehouseCore.JSONValue] = ["ancestor_ids": ancestors, "access_mode": .string(mode), "resource_type": .string("image")]
                for action in ["read", "create", "update", "delete", "download"] {
                    probes.append(.init(scopeID: env, action: action, resourceType: "Asset", resourceID: "in-\(folder.externalID)-\(mode)",
                                        attributes: asset, folderID: folder.externalID))
                }
                probes.append(.init(scopeID: env, action: "move", resourceType: "Asset", resourceID: "in-\(folder.externalID)-\(mode)",
                                    attributes: asset, context: ["direction": .string("out")], folderID: folder.externalID))
            }
        }
        for action in ["read", "update", "delete", "share"] {
            probes.append(.init(scopeID: env, action: action, resourceType: "Collection", resourceID: world.collection.externalID,
                                attributes: ["id": .string(world.collection.externalID)]))
        }
        return probes
    }
}

/// Every principal of the account with what it may do and the state only a stronger caller may change.
struct PermissionSnapshot {
    struct State: Equatable {
        var exists: Bool
        var active: Bool
        var email: String?
        var allowed: Set<PermissionProbe>
        /// What a user signs in with: its password hash, sessions and second factor.
        var credentials: String = ""
    }

    var states: [Principal: State]
    /// What exists to hold grants on: a probe about anything else can allow nothing.
    var environments: Set<String>
    var folders: Set<String>
    var collections: Set<String>
    /// Probes the server's cached grants answered otherwise than grants compiled afresh: a write that left
    /// someone's cached grants in place though it changed them (`StandingChange`). Always empty when right.
    var stale: [String] = []

    /// Whether the probe's environment, folder and collection still exist.
    func isMeaningful(_ probe: PermissionProbe) -> Bool {
        guard let env = probe.scopeID else { return true }
        guard environments.contains(env) else { return false }
        if let folder = probe.folderID, !folders.contains(folder) { return false }
        if probe.resourceType == "Collection", !collections.contains(probe.resourceID) { return false }
        return true
    }

    static func take(world: EscalationWorld, probes: [PermissionProbe]) async throws -> PermissionSnapshot {
        let decisions = world.app.services.decisions
        // The truth the rules are weighed on: nothing cached. The server's cache is compared with it.
        let fresh = DecisionService(permissions: decisions.permissions, statements: decisions.statements)
        let accountID = world.accountID
        return try await world.app.services.store.read { db in
            var principals: [(Principal, Bool, String?)] = []
            var credentials: [Principal: String] = [:]
            for user in try db.users(UserQuery(accountID: accountID)) {
                let principal = Principal(type: .user, id: user.id)
                principals.append((principal, !user.isDeleted && user.enabled, EmailRule.canonical(user.email)))
                credentials[principal] = (try db.passwordHash(userID: user.id) ?? "") + (try db.sessions(userID: user.id).map(\.idHash).sorted().joined())
                    + (try db.twoFactor(userID: user.id).map { Base32.encode($0.secret) } ?? "")
            }
            for group in try db.groups(accountID: accountID) { principals.append((Principal(type: .group, id: group.id), true, nil)) }
            for env in try db.environments(EnvironmentQuery(accountID: accountID)) {
                for key in try db.accessKeys(subAccountID: env.id) {
                    principals.append((Principal(type: .apiKey, id: key.apiKey), key.enabled && env.enabled, nil))
                }
            }
            for key in try db.provisioningKeys(accountID: accountID) {
                principals.append((Principal(type: .provisioningKey, id: key.key), key.enabled, nil))
            }
            let environments = Set(try db.environments(EnvironmentQuery(accountID: accountID)).map(\.id))
            let folders = Set(try environments.flatMap { try db.folders(environmentID: $0).map(\.externalID) })
            let collections = Set(try environments.flatMap { try db.collections(environmentID: $0).map(\.externalID) })
            var states: [Principal: State] = [:]
            var stale: [String] = []
            for (principal, active, email) in principals {
                var allowed = Set<PermissionProbe>()
                if active {
                    var grantsByScope: [String?: (truth: CompiledGrants, cached: CompiledGrants)] = [:]
                    for probe in probes where probe.scopeID.map(environments.contains) ?? true {
                        let grants: (truth: CompiledGrants, cached: CompiledGrants)
                        if let known = grantsByScope[probe.scopeID] {
                            grants = known
                        } else {
                            grants = (
                                try fresh.grants(of: principal, scopeID: probe.scopeID, accountID: accountID, in: db),
                                try decisions.grants(of: principal, scopeID: probe.scopeID, accountID: accountID, in: db))
                            grantsByScope[probe.scopeID] = grants
                        }
                        let check = CheckRequest(
                            principal: principal, action: probe.action, resource: probe.request, context: probe.context, scopeID: probe.scopeID)
                        let request = try decisions.cedarRequest(check)
                        func allows(_ grants: CompiledGrants) throws -> Bool {
                            let entities = try decisions.entities(grants, resource: probe.request, uid: request.resource)
                            return Authorizer().isAuthorized(request, policies: grants.policies, entities: entities).decision == .allow
                        }
                        let allowedNow = try allows(grants.truth)
                        if allowedNow { allowed.insert(probe) }
                        if try allows(grants.cached) != allowedNow {
                            stale.append("\(principal.type.rawValue) \(principal.id): cached grants \(allowedNow ? "deny" : "allow") \(probe)")
                        }
                    }
                }
                states[principal] = State(exists: true, active: active, email: email, allowed: allowed, credentials: credentials[principal] ?? "")
            }
            return PermissionSnapshot(states: states, environments: environments, folders: folders, collections: collections, stale: stale)
        }
    }

    func state(_ principal: Principal) -> State {
        states[principal] ?? State(exists: false, active: false, email: nil, allowed: [])
    }
}
