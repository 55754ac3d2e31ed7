import Foundation
import GatehouseCore
import Hummingbird

extension PermissionsRoutes {
    struct EffectiveData: Encodable {
        struct PolicyRef: Encodable {
            var id: String
            var policy_statement: String
        }
        struct RoleRef: Encodable {
            var id: String
            var name: String
            var scope_id: String?
            var policy_parameters: [String: String]?
            var inherited_from: WireHeldRole.Origin?
            var system_policies: [PolicyRef]
        }
        struct PrincipalEntry: Encodable {
            var principal_type: String
            var principal_id: String
            var roles: [RoleRef]
        }
        var principals: [PrincipalEntry]
        var custom_policies: [PolicyRef]
    }

    /// Custom policies per list page.
    static let policyPageSize = 100

    func registerPolicies(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("policies/system") { request, context in
            _ = try context.requireAccount()
            let q = QueryParameters(request.uri.query)
            let scope = try q.enumValue("scope_type", ScopeType.self) ?? .account
            let permission = try q.enumValue("permission_type", PermissionType.self)
            let policies = service.catalog.policies.filter {
                $0.scopeType == scope && (permission == nil || $0.permissionType == permission)
            }
            return try JSONResponse.make(DataEnvelope(policies.map { WireSystemPolicy($0, at: service.catalog.roles[0].createdAt) }))
        }
        group.get("policies/custom") { request, context in
            let q = QueryParameters(request.uri.query)
            let scope = try q.enumValue("scope_type", ScopeType.self) ?? .account
            let all = try await service.customPolicies(
                accountID: try context.requireAccount(), scopeType: scope, scopeID: q.string("scope_id"), enabled: try q.bool("enabled"))
            let offset = try Self.offset(from: q.string("cursor"))
            let page = Array(all.dropFirst(offset).prefix(Self.policyPageSize))
            let next = offset + page.count < all.count ? Self.cursor(offset: offset + page.count) : nil
            return try JSONResponse.make(DataEnvelope(page.map(WireCustomPolicy.init), nextCursor: next))
        }
        group.post("policies/custom") { request, context in
            let input = try Self.customPolicyInput(try await WireBody.read(request, context: context))
            let policy = try await service.acting(as: try context.caller()).createCustomPolicy(input, accountID: try context.requireAccount())
            return try JSONResponse.make(DataEnvelope(WireCustomPolicy(policy)), status: .created)
        }
        group.get("policies/custom/:policy_id") { _, context in
            let policy = try await service.customPolicy(id: try context.path("policy_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(DataEnvelope(WireCustomPolicy(policy)))
        }
        group.put("policies/custom/:policy_id") { request, context in
            let input = try Self.customPolicyInput(try await WireBody.read(request, context: context))
            let policy = try await service.acting(as: try context.caller()).replaceCustomPolicy(
                id: try context.path("policy_id"), with: input, accountID: try context.requireAccount())
            return try JSONResponse.make(DataEnvelope(WireCustomPolicy(policy)))
        }
        group.delete("policies/custom/:policy_id") { _, context in
            try await service.acting(as: try context.caller()).deleteCustomPolicy(id: try context.path("policy_id"), accountID: try context.requireAccount())
            return Self.noContent()
        }
        group.get("policies/effective") { request, context in
            let accountID = try context.requireAccount()
            let q = QueryParameters(request.uri.query)
            let filter = ScopeFilter(scopeType: try q.enumValue("scope_type", ScopeType.self), scopeID: q.string("scope_id"))
            var principals: [Principal]
            if q.string("principal_type") != nil || q.string("principal_id") != nil {
                let principal = try Self.principal(type: q.string("principal_type"), id: q.string("principal_id"))
                // Unknown principals are 404, as everywhere else.
                _ = try await service.directRoles(
                    of: principal, accountID: accountID, permissionType: nil, filter: ScopeFilter(), managementType: nil)
                principals = [principal]
            } else {
                principals = try await service.principalsWithRoles(accountID: accountID)
            }
            var entries: [EffectiveData.PrincipalEntry] = []
            for principal in principals {
                let held = try await service.effectiveRoles(of: principal, accountID: accountID, filter: filter)
                entries.append(.init(
                    principal_type: principal.type.rawValue, principal_id: principal.id,
                    roles: try held.map { h in
                        let fill = h.assignment.instance.map { (kind: $0.kind, id: $0.id) }
                        return .init(
                            id: h.role.id, name: h.role.name, scope_id: h.assignment.scopeID,
                            policy_parameters: wireParameters(h.assignment.instance),
                            inherited_from: h.viaGroup.map { .init(type: "group", id: $0.id, name: $0.name) },
                            system_policies: try service.policies(of: h.role).map { .init(id: $0.id, policy_statement: $0.statement(instance: fill)) })
                    }))
            }
            let custom = try await service.customPolicies(
                accountID: accountID, scopeType: filter.scopeType ?? .account, scopeID: nil, enabled: true
            ).filter { filter.scopeID == nil || $0.scopeID == filter.scopeID || $0.scopeID == allProductEnvironments }
            return try JSONResponse.make(DataEnvelope(EffectiveData(
                principals: entries, custom_policies: custom.map { .init(id: $0.id, policy_statement: $0.statement) })))
        }
    }

    static func customPolicyInput(_ body: WireBody) throws -> CustomPolicyInput {
        guard let scope = try body.enumValue("scope_type", ScopeType.self) else {
            throw GatehouseError.invalidField(field: "scope_type", reason: "is required (account, prodenv)")
        }
        return CustomPolicyInput(
            name: try body.requiredString("name"), description: try body.string("description"),
            statement: try body.requiredString("policy_statement"), scopeType: scope, scopeID: try body.string("scope_id"),
            enabled: try body.bool("enabled") ?? true)
    }
}
