/// Keeps a user's legacy `role` field and its system-role assignments saying the same thing, both ways.
public enum LegacyRoleSync {
    /// Most privileged first: when several legacy roles are fully held, the first one names the user.
    public static let precedence: [LegacyRole] = [
        .masterAdmin, .admin, .technicalAdmin, .mediaLibraryAdmin, .reports, .billing, .mediaLibraryUser,
    ]

    /// The assignments a user's legacy role stands for: account roles at account level; prodenv roles in
    /// every environment the user reaches (Master Admin: always all).
    public static func assignments(for user: User, catalog: Catalog, at time: Date) -> [RoleAssignment] {
        let principal = Principal(type: .user, id: user.id)
        var result: [RoleAssignment] = []
        for grant in catalog.legacyMappings[user.role] ?? [] {
            let scopes: [String?]
            switch grant.scopeType {
            case .account: scopes = [nil]
            case .prodenv:
                scopes = grant.allEnvironments || user.allSubAccounts || user.role == .masterAdmin
                    ? [allProductEnvironments] : user.subAccountIDs.map { Optional($0) }
            }
            for scope in scopes {
                result.append(RoleAssignment(
                    accountID: user.accountID, roleID: grant.roleID, principal: principal, scopeID: scope, instance: nil,
                    source: .legacy, createdAt: time, updatedAt: time))
            }
        }
        return result
    }

    /// The legacy role whose system roles the user holds completely, if any.
    public static func legacyRole(holding roleIDs: Set<String>, catalog: Catalog) -> LegacyRole? {
        precedence.first { legacy in
            guard let grants = catalog.legacyMappings[legacy], !grants.isEmpty else { return false }
            return grants.allSatisfy { roleIDs.contains($0.roleID) }
        }
    }

    /// Replaces the user's legacy-derived assignments with those of its current legacy role.
    public static func apply(to user: User, catalog: Catalog, in db: any StoreWriter, at time: Date) throws {
        let principal = Principal(type: .user, id: user.id)
        let wanted = assignments(for: user, catalog: catalog, at: time)
        let held = try db.assignments(accountID: user.accountID, roleID: nil, principal: principal)
        for old in held where old.source == .legacy && !wanted.contains(where: { $0.isSameHolding(as: old) }) {
            try db.delete(old)
        }
        for new in wanted where !held.contains(where: { $0.isSameHolding(as: new) }) {
            try db.insert(new)
        }
    }

    /// After the Permissions API changed a user's roles: names the user after the legacy role it now holds.
    public static func refreshLegacyRole(userID: String, accountID: String, catalog: Catalog, in db: any StoreWriter, at time: Date) throws {
        guard var user = try db.user(id: userID, accountID: accountID), !user.isDeleted, !user.root else { return }
        let held = Set(try db.assignments(accountID: accountID, roleID: nil, principal: Principal(type: .user, id: userID)).map(\.roleID))
        guard let legacy = legacyRole(holding: held, catalog: catalog), legacy != user.role else { return }
        user.role = legacy
        user.updatedAt = time
        try db.update(user)
    }
}

import Foundation
