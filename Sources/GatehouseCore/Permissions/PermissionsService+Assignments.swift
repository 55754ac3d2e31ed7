import Foundation

extension PermissionsService {
    /// Applies a batch of grants (`add`), revocations (`remove`) or a replacement (`set`) in one transaction:
    /// either every change is valid and applied, or nothing is written. What the caller may give or take
    /// is the guard's to decide (`GuardedStore`), as for every other write.
    public func changeAssignments(
        _ requests: [RoleGrantRequest], operation: AssignmentOperation, accountID: String,
        replacing setTarget: (principal: Principal, permissionType: PermissionType)? = nil
    ) async throws {
        let timestamp = now()
        try await store.write(accountID: accountID) { db in
            var wanted: [RoleAssignment] = []
            for request in requests {
                wanted.append(try self.resolve(request, accountID: accountID, at: timestamp, in: db))
            }
            var touchedUsers = Set<String>()
            switch operation {
            case .add:
                for assignment in wanted {
                    let held = try db.assignments(accountID: accountID, roleID: assignment.roleID, principal: assignment.principal)
                    if !held.contains(where: { $0.isSameHolding(as: assignment) }) { try db.insert(assignment) }
                    if assignment.principal.type == .user { touchedUsers.insert(assignment.principal.id) }
                }
            case .remove:
                for assignment in wanted {
                    let held = try db.assignments(accountID: accountID, roleID: assignment.roleID, principal: assignment.principal)
                    guard let existing = held.first(where: { $0.isSameHolding(as: assignment) }) else {
                        throw GatehouseError.notFound(kind: .role, id: "\(assignment.roleID) held by \(assignment.principal.type.rawValue) \(assignment.principal.id)")
                    }
                    try db.delete(existing)
                    if assignment.principal.type == .user { touchedUsers.insert(assignment.principal.id) }
                }
            case .set:
                guard let target = setTarget else { throw GatehouseError.invalidField(field: "operation", reason: "set needs one principal") }
                let held = try db.assignments(accountID: accountID, roleID: nil, principal: target.principal)
                for old in held where !wanted.contains(where: { $0.isSameHolding(as: old) }) {
                    if try self.roleIfPresent(old.roleID, accountID: accountID, in: db)?.permissionType == target.permissionType {
                        try db.delete(old)
                    }
                }
                for new in wanted where !held.contains(where: { $0.isSameHolding(as: new) }) { try db.insert(new) }
                if target.principal.type == .user { touchedUsers.insert(target.principal.id) }
            }
            for userID in touchedUsers {
                try LegacyRoleSync.refreshLegacyRole(userID: userID, accountID: accountID, catalog: self.catalog, in: db, at: timestamp)
            }
        }
    }

    /// Checks one requested holding against every assignment rule and returns the assignment to store.
    func resolve(_ request: RoleGrantRequest, accountID: String, at time: Date, in db: any StoreReader) throws -> RoleAssignment {
        let role = try self.role(request.roleID, accountID: accountID, in: db)
        let keyEnvironment = try checkPrincipal(request.principal, accountID: accountID, in: db)
        try AssignmentRules.ensurePrincipalFits(role, principal: request.principal)
        var scopeID = try AssignmentRules.scope(for: role, requested: request.scopeID)
        if let keyEnvironment {
            try AssignmentRules.ensureKeyScope(keyEnvironmentID: keyEnvironment, scopeID: scopeID)
            if scopeID == allProductEnvironments { scopeID = keyEnvironment }
        }
        try checkScopeID(scopeID, accountID: accountID, in: db)
        let instance = try AssignmentRules.instance(for: role, parameters: request.parameters)
        if instance != nil, scopeID == allProductEnvironments {
            throw GatehouseError.invalidField(field: "scope_id", reason: "a content role lives in one product environment, not all")
        }
        return RoleAssignment(
            accountID: accountID, roleID: role.id, principal: request.principal, scopeID: scopeID, instance: instance,
            source: .explicit, createdAt: time, updatedAt: time)
    }

    /// Roles held directly by a principal (`GET principal_roles`).
    public func directRoles(of principal: Principal, accountID: String, permissionType: PermissionType?, filter: ScopeFilter, managementType: ManagementType?) async throws -> [HeldRole] {
        try await store.read { db in
            _ = try self.checkPrincipalForRead(principal, accountID: accountID, in: db)
            return try self.held(by: principal, accountID: accountID, in: db).filter {
                (permissionType == nil || $0.role.permissionType == permissionType)
                    && (managementType == nil || $0.role.managementType == managementType)
                    && filter.matches($0.assignment, role: $0.role)
            }
        }
    }

    /// Holders of a role (`GET roles/{id}/principals`).
    public func principals(ofRole roleID: String, accountID: String, filter: ScopeFilter) async throws -> [RoleAssignment] {
        try await store.read { db in
            let role = try self.role(roleID, accountID: accountID, in: db)
            return try db.assignments(accountID: accountID, roleID: roleID, principal: nil).filter { filter.matches($0, role: role) }
        }
    }

    /// Roles a principal holds directly plus, for users, those inherited through each group.
    public func effectiveRoles(of principal: Principal, accountID: String, filter: ScopeFilter) async throws -> [HeldRole] {
        try await store.read { db in try self.effectiveRoles(of: principal, accountID: accountID, filter: filter, in: db) }
    }

    func effectiveRoles(of principal: Principal, accountID: String, filter: ScopeFilter, in db: any StoreReader) throws -> [HeldRole] {
        var result = try held(by: principal, accountID: accountID, in: db)
        if principal.type == .user {
            for group in try db.groups(ofUser: principal.id) {
                result += try held(by: Principal(type: .group, id: group.id), accountID: accountID, in: db).map {
                    HeldRole(role: $0.role, assignment: $0.assignment, viaGroup: group)
                }
            }
        }
        return result.filter { filter.matches($0.assignment, role: $0.role) }
    }

    func held(by principal: Principal, accountID: String, in db: any StoreReader) throws -> [HeldRole] {
        try db.assignments(accountID: accountID, roleID: nil, principal: principal).compactMap { assignment in
            guard let role = try self.roleIfPresent(assignment.roleID, accountID: accountID, in: db) else { return nil }
            return HeldRole(role: role, assignment: assignment, viaGroup: nil)
        }
    }

    /// Like `checkPrincipal`, but a deleted user may still be looked at.
    func checkPrincipalForRead(_ principal: Principal, accountID: String, in db: any StoreReader) throws -> Bool {
        if principal.type == .user {
            guard try db.user(id: principal.id, accountID: accountID) != nil else { throw GatehouseError.notFound(kind: .user, id: principal.id) }
            return true
        }
        _ = try checkPrincipal(principal, accountID: accountID, in: db)
        return true
    }

    /// Every principal that holds something in the account, for `inspect` without a principal filter.
    public func principalsWithRoles(accountID: String) async throws -> [Principal] {
        try await store.read { db in
            var seen = Set<Principal>()
            return try db.assignments(accountID: accountID, roleID: nil, principal: nil).map(\.principal).filter { seen.insert($0).inserted }
        }
    }
}
