/// What a principal holds at one moment, as the guard compares it: the grants that act (a disabled or
/// deleted principal's act nowhere; a user's product-environment grants act only where the user has
/// access; an API key's only in its own environment) and the state that only someone at least as strong
/// may change.
struct Standing: Equatable {
    /// What only a caller covering the principal may change (rule 2): being active, the email and the
    /// credentials.
    struct Protected: Equatable {
        var active: Bool
        var email: String?
        var credentials: [UInt8]?
    }

    var exists: Bool
    var grants: Set<Grant>
    var protected: Protected?
    /// The account owner (`root` user).
    var isOwner = false

    static let none = Standing(exists: false, grants: [], protected: nil)

    /// Holds every policy of account Master Admin at account level: such a holder stands above every
    /// permission, in every product environment (Cloudinary's Master Admin has full access).
    func isAccountMasterAdmin(_ catalog: Catalog) -> Bool {
        guard let role = catalog.role(id: AssignmentRules.masterAdminAccountRoleID) else { return false }
        return role.systemPolicyIDs.allSatisfy { grants.contains(Grant(policyID: $0, scope: .account)) }
    }
}

extension Standing {
    /// Reads the principal's standing from the store, inside the current transaction.
    static func of(_ principal: Principal, accountID: String, catalog: Catalog, in db: any StoreReader) throws -> Standing {
        switch principal.type {
        case .user:
            guard let user = try db.user(id: principal.id, accountID: accountID) else { return .none }
            let active = !user.isDeleted && user.enabled
            var assignments = try db.assignments(accountID: accountID, roleID: nil, principal: principal)
            for group in try db.groups(ofUser: user.id) {
                assignments += try db.assignments(accountID: accountID, roleID: nil, principal: Principal(type: .group, id: group.id))
            }
            let grants = active
                ? try Self.grants(assignments, accountID: accountID, catalog: catalog, in: db) { scope in
                    switch scope {
                    case .account: return [.account]
                    case .allEnvironments:
                        return EnvironmentAccessRule.reachesAll(user) ? [.allEnvironments] : user.subAccountIDs.map { .environment($0) }
                    case .environment(let id):
                        return EnvironmentAccessRule.reaches(user, environmentID: id) ? [scope] : []
                    }
                }
                : []
            // A password, the sessions and the second factor are what a user signs in with.
            var credentials = Array((try db.passwordHash(userID: user.id) ?? "").utf8)
            for session in try db.sessions(userID: user.id).map(\.idHash).sorted() { credentials += Array(session.utf8) }
            credentials += try db.twoFactor(userID: user.id)?.secret ?? []
            return Standing(
                exists: true, grants: grants,
                protected: .init(active: active, email: EmailRule.canonical(user.email), credentials: credentials), isOwner: user.root)
        case .group:
            guard try db.group(id: principal.id, accountID: accountID) != nil else { return .none }
            let assignments = try db.assignments(accountID: accountID, roleID: nil, principal: principal)
            return Standing(exists: true, grants: try Self.grants(assignments, accountID: accountID, catalog: catalog, in: db) { [$0] }, protected: nil)
        case .apiKey:
            guard let key = try db.accessKey(apiKey: principal.id),
                  let environment = try db.environment(id: key.subAccountID, accountID: accountID)
            else { return .none }
            let active = key.enabled && environment.enabled
            let assignments = try db.assignments(accountID: accountID, roleID: nil, principal: principal)
            let grants = active
                ? try Self.grants(assignments, accountID: accountID, catalog: catalog, in: db) { scope in
                    switch scope {
                    case .allEnvironments, .environment(key.subAccountID): [.environment(key.subAccountID)]
                    case .account, .environment: []
                    }
                }
                : []
            return Standing(
                exists: true, grants: grants, protected: .init(active: active, email: nil, credentials: Array(key.apiSecret.utf8)))
        case .provisioningKey:
            guard let key = try db.provisioningKeys(accountID: accountID).first(where: { $0.key == principal.id }) else { return .none }
            let assignments = try db.assignments(accountID: accountID, roleID: nil, principal: principal)
            let grants = key.enabled ? try Self.grants(assignments, accountID: accountID, catalog: catalog, in: db) { [$0] } : []
            return Standing(exists: true, grants: grants, protected: .init(active: key.enabled, email: nil, credentials: key.secretHash))
        }
    }

    /// The grants of these assignments, each scope passed through `acting` (where the holder can use it).
    private static func grants(
        _ assignments: [RoleAssignment], accountID: String, catalog: Catalog, in db: any StoreReader,
        acting: (Grant.Scope) -> [Grant.Scope]
    ) throws -> Set<Grant> {
        var result = Set<Grant>()
        for assignment in assignments {
            guard let role = try catalog.role(id: assignment.roleID) ?? db.customRole(id: assignment.roleID, accountID: accountID) else {
                throw GatehouseError.corruptData("assignment of \(assignment.principal.type.rawValue) \(assignment.principal.id) names unknown role \(assignment.roleID)")
            }
            let scope: Grant.Scope
            switch (role.scopeType, assignment.scopeID) {
            case (.account, _): scope = .account
            case (.prodenv, allProductEnvironments?), (.prodenv, nil): scope = .allEnvironments
            case (.prodenv, let id?): scope = .environment(id)
            }
            for place in acting(scope) {
                for policyID in role.systemPolicyIDs {
                    result.insert(Grant(policyID: policyID, scope: place, instance: assignment.instance))
                }
            }
        }
        return result
    }
}
