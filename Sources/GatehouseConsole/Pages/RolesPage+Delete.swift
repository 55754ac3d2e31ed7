import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// Deleting a custom role: a confirmation page naming who holds it, then the deletion with its assignments.
extension RolesPage {
    /// `GET /console/roles/{id}/delete`: the confirmation, listing the users, groups and keys holding the role.
    func confirmDelete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.rolesManage]) { visitor in
            let id = try context.parameters.require("id")
            let role: Role
            do { role = try await visitor.permissions.role(id: id, accountID: visitor.accountID) } catch {
                return notFound(error, visitor: visitor, request: request)
            }
            return try await confirmation(visitor, role, status: .ok, error: nil, request: request)
        }
    }

    /// `POST /console/roles/{id}/delete`: deletes the role and every assignment of it (`deleteRole(force: true)`).
    func delete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.rolesManage]) { visitor, _ in
            let id = try context.parameters.require("id")
            let role: Role
            do { role = try await visitor.permissions.role(id: id, accountID: visitor.accountID) } catch {
                return notFound(error, visitor: visitor, request: request)
            }
            do {
                try await visitor.permissions.deleteRole(id: role.id, accountID: visitor.accountID, force: true)
                return console.redirect("/console/roles?tab=\(RoleTab(of: role).rawValue)&notice=deleted")
            } catch {
                let (status, message) = console.refusal(error, request: request)
                return try await confirmation(visitor, role, status: status, error: message, request: request)
            }
        }
    }

    private func confirmation(
        _ visitor: Visitor, _ role: Role, status: HTTPResponse.Status, error: String?, request: Request
    ) async throws -> Response {
        let holders = try await holderRows(of: role, visitor: visitor)
        var values: [String: Any] = [
            "roleID": role.id, "name": role.name, "tab": RoleTab(of: role).rawValue, "holders": holders, "held": !holders.isEmpty,
            "holderCount": holders.count, "system": role.isSystem,
        ]
        values["error"] = error
        return console.page("roles-delete", status: status, values, visitor: visitor, request: request)
    }

    /// Who holds the role, by name: one row per assignment (a principal may hold it in several places).
    private func holderRows(of role: Role, visitor: Visitor) async throws -> [[String: Any]] {
        let accountID = visitor.accountID
        let assignments = try await visitor.permissions.principals(ofRole: role.id, accountID: accountID, filter: ScopeFilter())
        guard !assignments.isEmpty else { return [] }
        let groups = Dictionary(try await visitor.provisioning.groups(accountID: accountID).map { ($0.id, $0.name) }) { first, _ in first }
        let environments = try await visitor.provisioning.environments(EnvironmentQuery(accountID: accountID))
        let envNames = Dictionary(environments.map { ($0.0.id, $0.0.name) }) { first, _ in first }
        let keys = Dictionary(environments.flatMap { env, keys in keys.map { ($0.apiKey, ($0.name, env.name)) } }) { first, _ in first }
        let accountKeys = try await console.services.store.read { db in try db.provisioningKeys(accountID: accountID) }
        var rows: [[String: Any]] = []
        for assignment in assignments {
            let principal = assignment.principal
            let (kind, name): (String, String)
            switch principal.type {
            case .user:
                let user = try? await visitor.provisioning.user(id: principal.id, accountID: accountID).user
                (kind, name) = ("User", user.map { "\($0.displayName) (\($0.email))" } ?? principal.id)
            case .group: (kind, name) = ("Group", groups[principal.id] ?? principal.id)
            case .apiKey:
                let key = keys[principal.id]
                (kind, name) = ("API key", "\(key?.0 ?? principal.id) (\(key?.1 ?? "unknown environment"))")
            case .provisioningKey:
                (kind, name) = ("Account API key", accountKeys.first { $0.key == principal.id }?.name ?? principal.id)
            }
            var scope = assignment.scopeID.map { $0 == allProductEnvironments ? "All product environments" : envNames[$0] ?? $0 } ?? "Account"
            if let instance = assignment.instance { scope += " · \(instance.kind == .folderID ? "folder" : "collection") \(instance.id)" }
            rows.append(["kind": kind, "name": name, "scope": scope])
        }
        return rows
    }
}
