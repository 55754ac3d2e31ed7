import Foundation

extension PermissionsService {
    /// Replaces the principal's direct global roles at one level with `roleIDs`, in one transaction; its roles at
    /// other levels and its content roles stay. The guard weighs what is given and taken as for every write.
    public func replaceGlobalRoles(of principal: Principal, at level: RoleLevel, with roleIDs: [String], accountID: String) async throws {
        let timestamp = now()
        try await store.write(accountID: accountID) { db in
            try self.replaceGlobalRoles(of: principal, at: level, with: roleIDs, accountID: accountID, in: db, at: timestamp)
        }
    }

    /// Creates a group holding `roleIDs` at `level`: the group and its roles are written together or not at all,
    /// so a refused role leaves no group behind.
    public func createGroup(named rawName: String, roles roleIDs: [String], at level: RoleLevel, accountID: String) async throws -> UserGroup {
        let name = try FieldRules.name(rawName)
        let timestamp = now()
        let id = ids.groupID()
        return try await store.write(accountID: accountID) { db in
            _ = try ProvisioningService.requireAccount(accountID, db)
            try ProvisioningService.ensureGroupNameFree(name, accountID: accountID, exceptID: nil, db)
            let group = UserGroup(id: id, accountID: accountID, name: name, createdAt: timestamp, updatedAt: timestamp)
            try db.insert(group)
            try self.replaceGlobalRoles(of: Principal(type: .group, id: id), at: level, with: roleIDs, accountID: accountID, in: db, at: timestamp)
            return group
        }
    }

    /// Every group's direct roles by group id, in one read (the Groups list shows them all).
    public func rolesOfGroups(accountID: String) async throws -> [String: [HeldRole]] {
        try await store.read { db in
            var result: [String: [HeldRole]] = [:]
            for assignment in try db.assignments(accountID: accountID, roleID: nil, principal: nil) where assignment.principal.type == .group {
                guard let role = try self.roleIfPresent(assignment.roleID, accountID: accountID, in: db) else { continue }
                result[assignment.principal.id, default: []].append(HeldRole(role: role, assignment: assignment, viaGroup: nil))
            }
            return result
        }
    }

    func replaceGlobalRoles(
        of principal: Principal, at level: RoleLevel, with roleIDs: [String], accountID: String, in db: any StoreWriter, at time: Date
    ) throws {
        try checkLevel(level, accountID: accountID, in: db)
        var wanted: [RoleAssignment] = []
        for roleID in Set(roleIDs).sorted() {
            guard let role = try roleIfPresent(roleID, accountID: accountID, in: db), role.permissionType == .global else {
                throw GatehouseError.invalidField(field: "roles", reason: "There is no global role \(roleID) in this account")
            }
            if let mismatch = level.mismatch(with: role) { throw GatehouseError.invalidField(field: "level", reason: mismatch) }
            let request = RoleGrantRequest(roleID: roleID, principal: principal, scopeID: level.scopeID, parameters: [:])
            wanted.append(try resolve(request, accountID: accountID, at: time, in: db))
        }
        let held = try db.assignments(accountID: accountID, roleID: nil, principal: principal)
        for old in held where !wanted.contains(where: { $0.isSameHolding(as: old) }) {
            if let role = try roleIfPresent(old.roleID, accountID: accountID, in: db), level.holds(old, of: role) { try db.delete(old) }
        }
        for new in wanted where !held.contains(where: { $0.isSameHolding(as: new) }) { try db.insert(new) }
        if principal.type == .user {
            try LegacyRoleSync.refreshLegacyRole(userID: principal.id, accountID: accountID, catalog: catalog, in: db, at: time)
        }
    }

    /// The level names the account, every environment, or an environment of this account.
    private func checkLevel(_ level: RoleLevel, accountID: String, in db: any StoreReader) throws {
        guard case .environment(let id) = level, id != allProductEnvironments else { return }
        guard !id.isEmpty, try db.environment(id: id, accountID: accountID) != nil else {
            throw GatehouseError.invalidField(field: "level", reason: "Choose Account, All product environments or one of the account's environments")
        }
    }
}
