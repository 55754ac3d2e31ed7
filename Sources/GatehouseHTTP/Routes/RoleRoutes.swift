import Foundation
import GatehouseCore
import Hummingbird

extension PermissionsRoutes {
    func registerRoles(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("roles") { request, context in
            let q = QueryParameters(request.uri.query)
            let kinds = try Self.policyParameterFilter(q.string("policy_parameters"))
            let roles = try await service.roles(
                accountID: try context.requireAccount(), permissionType: try Self.required(q, "permission_type", PermissionType.self),
                scopeType: try q.enumValue("scope_type", ScopeType.self), managementType: try q.enumValue("management_type", ManagementType.self),
                policyParameters: kinds)
            return try JSONResponse.make(DataEnvelope(roles.map { WireRole($0) }))
        }
        group.post("roles") { request, context in
            let body = try await WireBody.read(request, context: context)
            guard let scope = try body.enumValue("scope_type", ScopeType.self) else {
                throw GatehouseError.invalidField(field: "scope_type", reason: "is required (account, prodenv)")
            }
            guard let permission = try body.enumValue("permission_type", PermissionType.self) else {
                throw GatehouseError.invalidField(field: "permission_type", reason: "is required (global, content)")
            }
            try Self.ensureCustomRoleParameters(body.fields["policy_parameters"], permission: permission)
            let role = try await service.acting(as: try context.caller()).createRole(
                NewRole(
                    id: try body.string("id"), name: try body.requiredString("name"), description: try body.string("description"),
                    scopeType: scope, permissionType: permission, systemPolicyIDs: try body.stringList("system_policy_ids"),
                    baseRoleID: try body.string("base_role_id")),
                accountID: try context.requireAccount())
            return try JSONResponse.make(DataEnvelope(try self.wire(role, instance: nil)), status: .created)
        }
        group.get("roles/:role_id") { request, context in
            let role = try await service.role(id: try context.path("role_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(DataEnvelope(try self.wire(role, instance: try Self.instance(QueryParameters(request.uri.query)))))
        }
        group.put("roles/:role_id") { request, context in
            let body = try await WireBody.read(request, context: context)
            let description: String?? = body.fields.keys.contains("description") ? .some(try body.string("description")) : nil
            let role = try await service.acting(as: try context.caller()).updateRole(
                id: try context.path("role_id"), accountID: try context.requireAccount(),
                changes: RoleChanges(
                    name: try body.requiredString("name"), description: description,
                    systemPolicyIDs: try body.stringList("system_policy_ids"),
                    scopeType: try body.enumValue("scope_type", ScopeType.self),
                    permissionType: try body.enumValue("permission_type", PermissionType.self)))
            return try JSONResponse.make(DataEnvelope(try self.wire(role, instance: nil)))
        }
        group.delete("roles/:role_id") { request, context in
            let force = try QueryParameters(request.uri.query).bool("force") ?? false
            try await service.acting(as: try context.caller()).deleteRole(id: try context.path("role_id"), accountID: try context.requireAccount(), force: force)
            return Self.noContent()
        }
    }

    /// A role with its policies; content placeholders are filled in when an instance is asked for.
    func wire(_ role: Role, instance: ContentInstance?) throws -> WireRole {
        let fill = instance.flatMap { i in role.contentKind == i.kind ? (kind: i.kind, id: i.id) : nil }
        let policies = try service.policies(of: role).map {
            WireSystemPolicy($0, statement: $0.statement(instance: fill), at: role.createdAt)
        }
        return WireRole(role, policies: policies)
    }

    /// A create request may restate the instance kind; custom content roles are folder roles only, so anything but
    /// `["folder_id"]` (or nothing) is refused rather than silently turned into a folder role.
    static func ensureCustomRoleParameters(_ value: JSONValue?, permission: PermissionType) throws {
        guard let value, value != .null else { return }
        guard case .array(let items) = value else {
            throw GatehouseError.invalidField(field: "policy_parameters", reason: "must be a list such as [\"folder_id\"]")
        }
        let names = items.map(\.stringValue)
        if names.isEmpty { return }
        guard permission == .content, names == ["folder_id"] else {
            throw GatehouseError.invalidField(
                field: "policy_parameters",
                reason: permission == .content
                    ? "custom content roles can only be folder roles ([\"folder_id\"]); collection roles are system roles only"
                    : "global roles take no policy parameters")
        }
    }

    /// `policy_parameters` arrives as JSON text (`["folder_id"]`), empty when not given.
    static func policyParameterFilter(_ raw: String?) throws -> [PolicyParameterKind]? {
        guard let raw, !raw.isEmpty else { return nil }
        let names: [String]
        if raw.hasPrefix("[") {
            guard let parsed = try? JSONDecoder().decode([String].self, from: Data(raw.utf8)) else {
                throw GatehouseError.invalidField(field: "policy_parameters", reason: "must be a JSON list of strings")
            }
            names = parsed
        } else {
            names = raw.split(separator: ",").map(String.init)
        }
        return try names.map {
            guard let kind = PolicyParameterKind(rawValue: $0) else {
                throw GatehouseError.invalidField(field: "policy_parameters", reason: "must hold folder_id or collection_id, got \($0)")
            }
            return kind
        }
    }
}
