import Foundation

/// Content roles through the Admin API's invite endpoints, shared by folders and collections. The holdings
/// are the Permissions API's own assignments (role, principal, `scope_id` = the environment,
/// `policy_parameters` = the instance), so both APIs always show the same thing.
extension PermissionsService {
    /// The roles named, each of which must be a content role of `kind` (400 otherwise; unknown ids are 404).
    func contentRoles(_ ids: [String], kind: PolicyParameterKind, accountID: String, in db: any StoreReader) throws -> [Role] {
        try ids.map { id in
            let role = try self.role(id, accountID: accountID, in: db)
            guard role.contentKind == kind else {
                throw GatehouseError.invalidField(field: "roles", reason: "\(id) is not a \(Self.noun(kind)) role")
            }
            return role
        }
    }

    /// Every content role of `kind`: the system ones, then the account's custom ones.
    func contentRoleCandidates(kind: PolicyParameterKind, accountID: String, in db: any StoreReader) throws -> [Role] {
        catalog.roles.filter { $0.contentKind == kind } + (try db.customRoles(accountID: accountID)).filter { $0.contentKind == kind }
    }

    /// Who holds roles of `kind` on these instances in the environment: per instance in the order given,
    /// then per principal in assignment order. Holdings on any instance but `ownID` are `inherited`.
    func contentHoldings(
        kind: PolicyParameterKind, instanceIDs: [String], ownID: String, environmentID: String, accountID: String,
        in db: any StoreReader
    ) throws -> [ContentRoleHolding] {
        let assignments = try db.assignments(accountID: accountID, roleID: nil, principal: nil).filter {
            guard let instance = $0.instance, instance.kind == kind, instanceIDs.contains(instance.id) else { return false }
            return $0.scopeID == environmentID || $0.scopeID == allProductEnvironments
        }
        var holdings: [ContentRoleHolding] = []
        for instanceID in instanceIDs {
            for assignment in assignments where assignment.instance?.id == instanceID {
                guard let role = try self.roleIfPresent(assignment.roleID, accountID: accountID, in: db) else { continue }
                if let i = holdings.firstIndex(where: { $0.principal == assignment.principal && $0.instanceID == instanceID }) {
                    if !holdings[i].roles.contains(where: { $0.id == role.id }) { holdings[i].roles.append(role) }
                } else {
                    holdings.append(.init(principal: assignment.principal, instanceID: instanceID, roles: [role], inherited: instanceID != ownID))
                }
            }
        }
        return holdings
    }

    /// Gives or takes the change's roles on one instance, through `changeAssignments` (every assignment rule
    /// applies; a removed role must be held).
    func changeContentRoles(
        _ change: ContentRoleChange, on instance: ContentInstance, environmentID: String, accountID: String
    ) async throws {
        let requests = change.roleIDs.map {
            RoleGrantRequest(roleID: $0, principal: change.principal, scopeID: environmentID, parameters: [instance.kind.rawValue: instance.id])
        }
        try await changeAssignments(requests, operation: change.operation == .add ? .add : .remove, accountID: accountID)
    }

    static func noun(_ kind: PolicyParameterKind) -> String {
        switch kind {
        case .folderID: "folder"
        case .collectionID: "collection"
        }
    }
}
