import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/account-keys` (Account API keys): the account's provisioning keys with their roles, for holders
/// of `account_api_keys::manage`: create (the secret is shown once), assign account-level roles, revoke.
struct AccountKeysPage: Sendable {
    let console: Console

    static let notices = [
        "roles": "The account API key's roles are saved.",
        "revoked": "The account API key is revoked: it no longer authenticates.",
    ]

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("account-keys", use: list)
        group.post("account-keys", use: create)
        group.get("account-keys/{key}/roles", use: showRoles)
        group.post("account-keys/{key}/roles", use: saveRoles)
        group.get("account-keys/{key}/revoke", use: confirmRevoke)
        group.post("account-keys/{key}/revoke", use: revoke)
    }

    // MARK: The list and create

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.accountAPIKeysManage]) { visitor in try await render(visitor, request: request) }
    }

    private func render(
        _ visitor: Visitor, status: HTTPResponse.Status = .ok, problem: FormProblem? = nil, typedName: String = "", request: Request
    ) async throws -> Response {
        var rows: [[String: Any]] = []
        for key in try await visitor.accounts.provisioningKeys(accountID: visitor.accountID) {
            let roles = try await KeyRoles.held(by: Principal(type: .provisioningKey, id: key.key), visitor)
            rows.append([
                "key": key.key, "name": key.name ?? "", "label": key.name ?? key.key, "enabled": key.enabled, "roles": roles.map(\.name),
                "created": ProfilePage.format(key.createdAt),
            ])
        }
        var values: [String: Any] = ["keys": rows, "hasKeys": !rows.isEmpty, "typedName": typedName]
        values.merge(problem?.values ?? [:]) { $1 }
        return console.page("account-keys", status: status, values, visitor: visitor, request: request, notices: Self.notices)
    }

    func create(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.accountAPIKeysManage]) { visitor, form in
            do {
                let name = try FieldRules.optionalName(form["key_name"], field: "key_name")
                let created = try await visitor.accounts.createProvisioningKey(accountID: visitor.accountID, name: name)
                return console.page("account-keys-created", [
                    "key": created.key, "secret": created.secret, "accountID": created.accountID, "url": created.url,
                    "name": name ?? "", "named": name != nil,
                ], visitor: visitor, request: request)
            } catch {
                let problem = FormProblem.keyName(error, console: console, request: request)
                return try await render(visitor, status: problem.status, problem: problem, typedName: form["key_name"], request: request)
            }
        }
    }

    // MARK: One key

    /// The account key named in the path, for a holder of `account_api_keys::manage`; otherwise the refusal.
    private func withKey(
        _ request: Request, _ context: GatehouseRequestContext, posted: Bool,
        _ body: (Visitor, ProvisioningKey, ConsoleForm?) async throws -> Response
    ) async throws -> Response {
        let wanted = context.parameters.get("key") ?? ""
        if posted {
            return try await console.submit(request, needs: [.accountAPIKeysManage]) { visitor, form in
                try await find(wanted, visitor, request: request) { try await body(visitor, $0, form) }
            }
        }
        return try await console.visit(request, needs: [.accountAPIKeysManage]) { visitor in
            try await find(wanted, visitor, request: request) { try await body(visitor, $0, nil) }
        }
    }

    private func find(
        _ wanted: String, _ visitor: Visitor, request: Request, _ body: (ProvisioningKey) async throws -> Response
    ) async throws -> Response {
        guard let key = try await visitor.accounts.provisioningKeys(accountID: visitor.accountID).first(where: { $0.key == wanted }) else {
            return console.page("message", status: .notFound, [
                "heading": "Account API key not found", "error": "That account API key does not exist (it may have been revoked).",
                "back": "/console/account-keys",
            ], visitor: visitor, request: request)
        }
        return try await body(key)
    }

    private static func values(_ key: ProvisioningKey) -> [String: Any] {
        ["key": key.key, "name": key.name ?? "", "label": key.name ?? key.key]
    }

    // MARK: Assign roles (account-level global roles)

    func showRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await withKey(request, context, posted: false) { visitor, key, _ in
            let held = try await KeyRoles.held(by: Principal(type: .provisioningKey, id: key.key), visitor)
            return try await rolesPage(visitor, key, checked: Set(held.map(\.id)), request: request)
        }
    }

    private func rolesPage(
        _ visitor: Visitor, _ key: ProvisioningKey, status: HTTPResponse.Status = .ok, checked: Set<String>, problem: FormProblem? = nil,
        request: Request
    ) async throws -> Response {
        var values = Self.values(key)
        values["roles"] = KeyRoles.options(try await KeyRoles.choices(visitor, level: .account), checked: checked)
        values.merge(problem?.values ?? [:]) { $1 }
        return console.page("account-keys-roles", status: status, values, visitor: visitor, request: request)
    }

    func saveRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await withKey(request, context, posted: true) { visitor, key, form in
            guard let form else { return console.denied(visitor) }  // a post always carries its form
            let principal = Principal(type: .provisioningKey, id: key.key)
            let (ids, refused) = try await KeyRoles.posted(form, visitor)
            if let problem = refused {
                return try await rolesPage(visitor, key, status: problem.status, checked: Set(ids), problem: problem, request: request)
            }
            do {
                try await visitor.permissions.changeAssignments(
                    ids.map { RoleGrantRequest(roleID: $0, principal: principal, scopeID: nil, parameters: [:]) }, operation: .set,
                    accountID: visitor.accountID, replacing: (principal, .global))
                return console.redirect("/console/account-keys?notice=roles")
            } catch {
                let problem = console.problem(error, request: request, fields: KeyRoles.fields)
                return try await rolesPage(visitor, key, status: problem.status, checked: Set(ids), problem: problem, request: request)
            }
        }
    }

    // MARK: Revoke (confirmation page, then the post)

    func confirmRevoke(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await withKey(request, context, posted: false) { visitor, key, _ in
            console.page("account-keys-revoke", Self.values(key), visitor: visitor, request: request)
        }
    }

    func revoke(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await withKey(request, context, posted: true) { visitor, key, _ in
            do {
                try await visitor.accounts.revokeProvisioningKey(key.key, accountID: visitor.accountID)
                return console.redirect("/console/account-keys?notice=revoked")
            } catch {
                let problem = console.problem(error, request: request)
                let values = Self.values(key).merging(problem.values) { $1 }
                return console.page("account-keys-revoke", status: problem.status, values, visitor: visitor, request: request)
            }
        }
    }
}
