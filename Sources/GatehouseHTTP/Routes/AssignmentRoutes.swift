import Foundation
import GatehouseCore
import Hummingbird

extension PermissionsRoutes {
    struct InspectedPrincipal: Encodable {
        var type: String
        var id: String
        var roles: [WireHeldRole]
    }
    struct InspectData: Encodable { var principals: [InspectedPrincipal] }

    /// Principals per inspect page; the cursor is the offset of the next page.
    static let inspectPageSize = 50

    func registerAssignments(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("principal_roles") { request, context in
            let q = QueryParameters(request.uri.query)
            let principal = try Self.principal(type: q.string("principal_type"), id: q.string("principal_id"))
            let held = try await service.directRoles(
                of: principal, accountID: try context.requireAccount(),
                permissionType: try Self.required(q, "permission_type", PermissionType.self), filter: try Self.filter(q),
                managementType: try q.enumValue("management_type", ManagementType.self))
            return try JSONResponse.make(DataEnvelope(held.map(WireHeldRole.init)))
        }
        group.put("principal_roles") { request, context in
            let body = try await WireBody.read(request, context: context)
            let operation = try Self.operation(body)
            guard case .object(let p)? = body.fields["principal"] else {
                throw GatehouseError.invalidField(field: "principal", reason: "is required ({\"type\", \"id\"})")
            }
            let principal = try Self.principal(type: p["type"]?.stringValue, id: p["id"]?.stringValue)
            guard case .array(let roles)? = body.fields["roles"] else {
                throw GatehouseError.invalidField(field: "roles", reason: "is required (a list of {\"id\", \"scope_id\", \"policy_parameters\"})")
            }
            let requests = try roles.map { item -> RoleGrantRequest in
                guard case .object(let r) = item, let id = r["id"]?.stringValue else {
                    throw GatehouseError.invalidField(field: "roles", reason: "each role needs an id")
                }
                return RoleGrantRequest(
                    roleID: id, principal: principal, scopeID: r["scope_id"]?.stringValue,
                    parameters: try Self.parameters(r["policy_parameters"], field: "policy_parameters"))
            }
            let permission = try body.enumValue("permission_type", PermissionType.self) ?? .global
            try await service.acting(as: try context.caller()).changeAssignments(
                requests, operation: operation, accountID: try context.requireAccount(), replacing: (principal, permission))
            return try JSONResponse.make(Self.Message())
        }
        group.get("roles/:role_id/principals") { request, context in
            let accountID = try context.requireAccount()
            let roleID = try context.path("role_id")
            let role = try await service.role(id: roleID, accountID: accountID)
            let holders = try await service.principals(ofRole: roleID, accountID: accountID, filter: try Self.filter(QueryParameters(request.uri.query)))
            return try JSONResponse.make(DataEnvelope(holders.map { WireRolePrincipal($0, role: role) }))
        }
        group.put("roles/:role_id/principals") { request, context in
            let body = try await WireBody.read(request, context: context)
            let operation = try Self.operation(body)
            guard operation != .set else { throw GatehouseError.invalidField(field: "operation", reason: "must be add or remove") }
            let roleID = try context.path("role_id")
            guard case .array(let principals)? = body.fields["principals"] else {
                throw GatehouseError.invalidField(field: "principals", reason: "is required (a list of {\"principal_type\", \"principal_id\"})")
            }
            let requests = try principals.map { item -> RoleGrantRequest in
                guard case .object(let p) = item else { throw GatehouseError.invalidField(field: "principals", reason: "must hold objects") }
                return RoleGrantRequest(
                    roleID: roleID, principal: try Self.principal(type: p["principal_type"]?.stringValue, id: p["principal_id"]?.stringValue),
                    scopeID: p["scope_id"]?.stringValue, parameters: try Self.parameters(p["policy_parameters"], field: "policy_parameters"))
            }
            try await service.acting(as: try context.caller()).changeAssignments(
                requests, operation: operation, accountID: try context.requireAccount())
            return try JSONResponse.make(Self.Message())
        }
        group.get("principal_roles/inspect") { request, context in
            let q = QueryParameters(request.uri.query)
            var filter = try Self.filter(q)
            filter.scopeType = try Self.required(q, "scope_type", ScopeType.self)
            var principals: [Principal]?
            if q.string("principal_type") != nil || q.string("principal_id") != nil {
                principals = [try Self.principal(type: q.string("principal_type"), id: q.string("principal_id"))]
            }
            return try await self.inspect(principals, filter: filter, cursor: q.string("cursor"), accountID: try context.requireAccount())
        }
        group.post("principal_roles/inspect") { request, context in
            let body = try await WireBody.read(request, context: context)
            guard let scope = try body.enumValue("scope_type", ScopeType.self) else {
                throw GatehouseError.invalidField(field: "scope_type", reason: "is required (account, prodenv)")
            }
            guard case .array(let items)? = body.fields["principals"] else {
                throw GatehouseError.invalidField(field: "principals", reason: "is required (a list of {\"type\", \"id\"})")
            }
            let principals = try items.map { item -> Principal in
                guard case .object(let p) = item else { throw GatehouseError.invalidField(field: "principals", reason: "must hold objects") }
                return try Self.principal(type: p["type"]?.stringValue, id: p["id"]?.stringValue)
            }
            let params = try Self.parameters(body.fields["policy_parameters"], field: "policy_parameters")
            let instance = params.first.flatMap { kv in PolicyParameterKind(rawValue: kv.key).map { ContentInstance(kind: $0, id: kv.value) } }
            let filter = ScopeFilter(scopeType: scope, scopeID: try body.string("scope_id"), instance: instance)
            return try await self.inspect(principals, filter: filter, cursor: try body.string("cursor"), accountID: try context.requireAccount())
        }
    }

    /// Effective roles (direct and through groups) of the given principals, or of every principal holding
    /// something when none is named; paged by an opaque cursor.
    func inspect(_ requested: [Principal]?, filter: ScopeFilter, cursor: String?, accountID: String) async throws -> Response {
        let all: [Principal]
        if let requested {
            // Unknown principals are 404, as everywhere else (a deleted user may still be looked at).
            for principal in requested {
                _ = try await service.directRoles(
                    of: principal, accountID: accountID, permissionType: nil, filter: ScopeFilter(), managementType: nil)
            }
            all = requested
        } else {
            all = try await service.principalsWithRoles(accountID: accountID)
        }
        let offset = try Self.offset(from: cursor)
        let page = Array(all.dropFirst(offset).prefix(Self.inspectPageSize))
        var entries: [InspectedPrincipal] = []
        for principal in page {
            let roles = try await service.effectiveRoles(of: principal, accountID: accountID, filter: filter)
            entries.append(InspectedPrincipal(type: principal.type.rawValue, id: principal.id, roles: roles.map(WireHeldRole.init)))
        }
        let next = offset + page.count < all.count ? Self.cursor(offset: offset + page.count) : nil
        return try JSONResponse.make(DataEnvelope(InspectData(principals: entries), nextCursor: next))
    }

    static func principal(type: String?, id: String?) throws -> Principal {
        guard let type, !type.isEmpty else {
            throw GatehouseError.invalidField(field: "principal_type", reason: "is required (user, group, apiKey, provisioningKey)")
        }
        guard let kind = PrincipalType(rawValue: type) else {
            throw GatehouseError.invalidField(field: "principal_type", reason: "must be one of user, group, apiKey, provisioningKey, got \(type)")
        }
        guard let id, !id.isEmpty else { throw GatehouseError.invalidField(field: "principal_id", reason: "is required") }
        return Principal(type: kind, id: id)
    }

    static func operation(_ body: WireBody) throws -> AssignmentOperation {
        guard let op = try body.enumValue("operation", AssignmentOperation.self) else {
            throw GatehouseError.invalidField(field: "operation", reason: "is required (add, remove)")
        }
        return op
    }

    static func cursor(offset: Int) -> String { Data("offset:\(offset)".utf8).base64EncodedString() }

    static func offset(from cursor: String?) throws -> Int {
        guard let cursor, !cursor.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("offset:"), let offset = Int(text.dropFirst(7)), offset >= 0
        else { throw GatehouseError.invalidField(field: "cursor", reason: "is not a cursor this server issued") }
        return offset
    }
}
