import Foundation

extension PermissionsService {
    /// Roles of one permission type, system and custom, with the optional filters of `GET /roles`.
    public func roles(
        accountID: String, permissionType: PermissionType, scopeType: ScopeType?, managementType: ManagementType?,
        policyParameters: [PolicyParameterKind]?
    ) async throws -> [Role] {
        let custom = try await store.read { db in try db.customRoles(accountID: accountID) }
        return (catalog.roles + custom).filter { role in
            role.permissionType == permissionType
                && (scopeType == nil || role.scopeType == scopeType)
                && (managementType == nil || role.managementType == managementType)
                && (policyParameters == nil || policyParameters!.isEmpty || Set(policyParameters!) == Set(role.policyParameters))
        }
    }

    public func role(id: String, accountID: String) async throws -> Role {
        try await store.read { db in try self.role(id, accountID: accountID, in: db) }
    }

    public func createRole(_ request: NewRole, accountID: String) async throws -> Role {
        let name = try FieldRules.name(request.name)
        let description = try request.description.map { try FieldRules.name($0, field: "description") }
        let id = try request.id.map { try RoleRules.validatedCustomID($0) } ?? "custom_" + ids.hex(20)
        try RoleRules.ensureScopeFits(scopeType: request.scopeType, permissionType: request.permissionType)
        let parameters: [PolicyParameterKind] = request.permissionType == .content ? [.folderID] : []
        try RoleRules.ensureCreatable(permissionType: request.permissionType, parameters: parameters)
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            let existing = try db.customRole(id: id, accountID: accountID)
            if self.catalog.role(id: id) != nil || existing != nil {
                throw GatehouseError.conflict("Role with id \(id) already exists")
            }
            try self.ensureRoleNameFree(name, accountID: accountID, exceptID: nil, in: db)
            var policyIDs = request.systemPolicyIDs
            if policyIDs == nil, let baseID = request.baseRoleID {
                let base = try self.role(baseID, accountID: accountID, in: db)
                guard base.permissionType == .global else {
                    throw GatehouseError.invalidField(field: "base_role_id", reason: "must name a global role to copy")
                }
                policyIDs = base.systemPolicyIDs
            }
            let policies = try RoleRules.policies(
                policyIDs ?? [], for: request.scopeType, request.permissionType, parameters, catalog: self.catalog)
            let role = Role(
                id: id, accountID: accountID, name: name, description: description, managementType: .custom,
                scopeType: request.scopeType, permissionType: request.permissionType, policyParameters: parameters,
                systemPolicyIDs: policies,
                assignableTo: RoleRules.assignableTo(scopeType: request.scopeType, permissionType: request.permissionType),
                createdAt: timestamp, updatedAt: timestamp)
            try db.insert(role)
            return role
        }
    }

    public func updateRole(id: String, accountID: String, changes: RoleChanges) async throws -> Role {
        let name = try FieldRules.name(changes.name)
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            var role = try self.role(id, accountID: accountID, in: db)
            try RoleRules.ensureEditable(role)
            if let scope = changes.scopeType, scope != role.scopeType {
                throw GatehouseError.invalidField(field: "scope_type", reason: "cannot be changed after the role is created")
            }
            if let permission = changes.permissionType, permission != role.permissionType {
                throw GatehouseError.invalidField(field: "permission_type", reason: "cannot be changed after the role is created")
            }
            try self.ensureRoleNameFree(name, accountID: accountID, exceptID: id, in: db)
            role.name = name
            if let description = changes.description {
                role.description = try description.map { try FieldRules.name($0, field: "description") }
            }
            if let ids = changes.systemPolicyIDs {
                role.systemPolicyIDs = try RoleRules.policies(
                    ids, for: role.scopeType, role.permissionType, role.policyParameters, catalog: self.catalog)
            }
            role.updatedAt = timestamp
            try db.update(role)
            return role
        }
    }

    /// Deletes a custom role; while it is assigned this needs `force`, which also removes the assignments.
    public func deleteRole(id: String, accountID: String, force: Bool) async throws {
        let timestamp = now()
        try await store.write(accountID: accountID) { db in
            let role = try self.role(id, accountID: accountID, in: db)
            try RoleRules.ensureEditable(role)
            let held = try db.assignments(accountID: accountID, roleID: id, principal: nil)
            if !held.isEmpty && !force {
                throw GatehouseError.conflict(
                    "Role \(id) is assigned to \(held.count) principal(s); delete with force=true to remove it and its assignments")
            }
            try db.deleteRole(id: id, accountID: accountID)
            for userID in Set(held.filter { $0.principal.type == .user }.map(\.principal.id)) {
                try LegacyRoleSync.refreshLegacyRole(userID: userID, accountID: accountID, catalog: self.catalog, in: db, at: timestamp)
            }
        }
    }

    func ensureRoleNameFree(_ name: String, accountID: String, exceptID: String?, in db: any StoreReader) throws {
        let clash = catalog.roles.contains { $0.name.lowercased() == name.lowercased() && $0.id != exceptID }
        if clash { throw GatehouseError.conflict("Role named \(name) already exists") }
        if let other = try db.customRole(named: name, accountID: accountID), other.id != exceptID {
            throw GatehouseError.conflict("Role named \(name) already exists")
        }
    }
}
