import Foundation

extension SAMLRoleMapping {
    /// Replaces the roles this door (`source`) gave `user` before with those of this mapping; roles given by
    /// hand, by the legacy role or by another door stay. Each new holding passes the assignment rules and,
    /// being written through the guarded `db`, the guard.
    public func replaceRoles(
        of user: User, source: RoleAssignment.Source, permissions: PermissionsService, in db: any StoreWriter, at time: Date
    ) throws {
        let principal = Principal(type: .user, id: user.id)
        var wanted: [RoleAssignment] = []
        for grant in grants {
            let request = RoleGrantRequest(roleID: grant.roleID, principal: principal, scopeID: grant.scopeID, parameters: [:])
            var assignment = try permissions.resolve(request, accountID: user.accountID, at: time, in: db)
            assignment.source = source
            wanted.append(assignment)
        }
        for legacy in legacyRoles {
            var holder = user
            holder.role = legacy
            wanted += LegacyRoleSync.assignments(for: holder, catalog: permissions.catalog, at: time).map { assignment in
                var given = assignment
                given.source = source
                return given
            }
        }
        let held = try db.assignments(accountID: user.accountID, roleID: nil, principal: principal)
        for old in held where old.source == source && !wanted.contains(where: { $0.isSameHolding(as: old) }) {
            try db.delete(old)
        }
        var inserted: [RoleAssignment] = []
        for new in wanted where !held.contains(where: { $0.isSameHolding(as: new) }) && !inserted.contains(where: { $0.isSameHolding(as: new) }) {
            try db.insert(new)
            inserted.append(new)
        }
    }
}
