import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// The API keys of one product environment (`/console/environments/{id}/keys/…`), decided in that
/// environment: `api_keys::view` to see them, `api_keys::manage` to generate, rename, enable or disable,
/// dedicate to webhooks, delete them and assign their roles (global product-environment roles only).
struct EnvironmentKeysPage: Sendable {
    let console: Console

    static let notices = [
        "key-renamed": "The API key is renamed.",
        "key-enabled": "The API key is enabled.",
        "key-disabled": "The API key is disabled.",
        "key-webhooks": "The API key now signs the environment's webhook notifications.",
        "key-deleted": "The API key is deleted.",
        "key-roles": "The API key's roles are saved.",
    ]

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.post("environments/{id}/keys", use: generate)
        group.get("environments/{id}/keys/{key}/rename", use: showRename)
        group.post("environments/{id}/keys/{key}/rename", use: rename)
        group.post("environments/{id}/keys/{key}/status", use: setStatus)
        group.post("environments/{id}/keys/{key}/webhooks", use: dedicate)
        group.get("environments/{id}/keys/{key}/delete", use: confirmDelete)
        group.post("environments/{id}/keys/{key}/delete", use: delete)
        group.get("environments/{id}/keys/{key}/roles", use: showRoles)
        group.post("environments/{id}/keys/{key}/roles", use: saveRoles)
    }

    private var environments: EnvironmentsPage { EnvironmentsPage(console: console) }

    /// The table rows of the environment's keys (never their secrets).
    static func keyRows(of env: ProductEnvironment, visitor: Visitor) async throws -> [[String: Any]] {
        let (_, keys) = try await visitor.provisioning.environment(id: env.id, accountID: visitor.accountID)
        var rows: [[String: Any]] = []
        for key in keys {
            let roles = try await KeyRoles.held(by: Principal(type: .apiKey, id: key.apiKey), visitor)
            rows.append([
                "apiKey": key.apiKey, "name": key.name ?? "", "label": key.name ?? key.apiKey, "enabled": key.enabled,
                "webhooks": key.dedicatedForWebhooks, "roles": roles.map(\.name), "created": ProfilePage.format(key.createdAt),
            ])
        }
        return rows
    }

    // MARK: Gates

    /// The environment and (when `key` is given) the key, for a visitor holding `feature` in that
    /// environment; otherwise the refusal (403) or the not-found page.
    private func target(
        _ visitor: Visitor, _ context: GatehouseRequestContext, needs feature: ConsoleFeature, request: Request
    ) async throws -> Gate<(ProductEnvironment, AccessKey?)> {
        let id = context.parameters.get("id") ?? ""
        guard try await visitor.access.allows(feature, in: id) else { return .failure(console.denied(visitor)) }
        guard let env = try await EnvironmentsPage.environment(id, visibleTo: visitor) else {
            return .failure(EnvironmentsPage.notFound(console, visitor, request: request))
        }
        guard let apiKey = context.parameters.get("key") else { return .success((env, nil)) }
        let (_, keys) = try await visitor.provisioning.environment(id: env.id, accountID: visitor.accountID)
        guard let key = keys.first(where: { $0.apiKey == apiKey }) else {
            return .failure(console.page("message", status: .notFound, [
                "heading": "API key not found", "error": "That API key does not exist in this product environment.",
                "back": "/console/environments/\(env.id)",
            ], visitor: visitor, request: request))
        }
        return .success((env, key))
    }

    private func page(
        _ request: Request, _ context: GatehouseRequestContext, needs feature: ConsoleFeature,
        _ body: (Visitor, ProductEnvironment, AccessKey?) async throws -> Response
    ) async throws -> Response {
        try await console.visit(request) { visitor in
            switch try await target(visitor, context, needs: feature, request: request) {
            case .failure(let answer): return answer
            case .success(let (env, key)): return try await body(visitor, env, key)
            }
        }
    }

    private func post(
        _ request: Request, _ context: GatehouseRequestContext,
        _ body: (Visitor, ConsoleForm, ProductEnvironment, AccessKey?) async throws -> Response
    ) async throws -> Response {
        try await console.submit(request) { visitor, form in
            switch try await target(visitor, context, needs: .apiKeysManage, request: request) {
            case .failure(let answer): return answer
            case .success(let (env, key)): return try await body(visitor, form, env, key)
            }
        }
    }

    private func back(_ env: ProductEnvironment, _ notice: String) -> Response {
        console.redirect("/console/environments/\(env.id)?notice=\(notice)")
    }

    private static func values(_ env: ProductEnvironment, _ key: AccessKey) -> [String: Any] {
        [
            "envID": env.id, "envName": env.name, "apiKey": key.apiKey, "keyName": key.name ?? "", "named": key.name != nil,
            "label": key.name ?? key.apiKey,
        ]
    }

    // MARK: Generate (the secret is shown on this answer only)

    func generate(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, form, env, _ in
            let name = form["key_name"].trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let key = try await visitor.provisioning.generateAccessKey(
                    subAccountID: env.id, accountID: visitor.accountID, name: name.isEmpty ? nil : name, enabled: true)
                var values = Self.values(env, key)
                values["apiSecret"] = key.apiSecret
                values["cloudName"] = env.cloudName
                return console.page("environments-key-created", values, visitor: visitor, request: request)
            } catch {
                let problem = FormProblem.keyName(error, console: console, request: request)
                var values = problem.values
                values["keyNameTyped"] = form["key_name"]
                return try await environments.renderEnvironment(visitor, id: env.id, status: problem.status, values: values, request: request)
            }
        }
    }

    // MARK: Rename

    func showRename(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await page(request, context, needs: .apiKeysManage) { visitor, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            return console.page("environments-key-rename", Self.values(env, key), visitor: visitor, request: request)
        }
    }

    func rename(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, form, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            do {
                _ = try await visitor.provisioning.updateAccessKey(
                    key.apiKey, subAccountID: env.id, accountID: visitor.accountID, changes: AccessKeyChanges(name: form["key_name"]))
                return back(env, "key-renamed")
            } catch {
                let problem = FormProblem.keyName(error, console: console, request: request)
                var values = Self.values(env, key).merging(problem.values) { $1 }
                values["keyName"] = form["key_name"]
                return console.page("environments-key-rename", status: problem.status, values, visitor: visitor, request: request)
            }
        }
    }

    // MARK: Enable, disable, webhooks

    /// Enables (`enabled=true`) or disables (`enabled=false`) the key.
    func setStatus(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, form, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            guard let enabled = Bool(form["enabled"]) else {
                return try await environments.renderEnvironment(
                    visitor, id: env.id, status: .badRequest, values: ["error": "Choose whether to enable or disable the API key."], request: request)
            }
            let notice = enabled ? "key-enabled" : "key-disabled"
            return try await change(key, in: env, AccessKeyChanges(enabled: enabled), notice: notice, visitor, request)
        }
    }

    /// Makes this key the one that signs the environment's webhook notifications (`dedicated_for: webhooks`).
    func dedicate(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, _, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            return try await change(key, in: env, AccessKeyChanges(dedicatedForWebhooks: true), notice: "key-webhooks", visitor, request)
        }
    }

    private func change(
        _ key: AccessKey, in env: ProductEnvironment, _ changes: AccessKeyChanges, notice: String, _ visitor: Visitor, _ request: Request
    ) async throws -> Response {
        do {
            _ = try await visitor.provisioning.updateAccessKey(key.apiKey, subAccountID: env.id, accountID: visitor.accountID, changes: changes)
            return back(env, notice)
        } catch {
            let problem = console.problem(error, request: request)
            return try await environments.renderEnvironment(visitor, id: env.id, status: problem.status, values: problem.values, request: request)
        }
    }

    // MARK: Delete (confirmation page, then the post)

    func confirmDelete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await page(request, context, needs: .apiKeysManage) { visitor, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            return console.page("environments-key-delete", Self.values(env, key), visitor: visitor, request: request)
        }
    }

    func delete(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, _, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            do {
                try await visitor.provisioning.deleteAccessKey(key.apiKey, subAccountID: env.id, accountID: visitor.accountID)
                return back(env, "key-deleted")
            } catch {
                let problem = console.problem(error, request: request)
                let values = Self.values(env, key).merging(problem.values) { $1 }
                return console.page("environments-key-delete", status: problem.status, values, visitor: visitor, request: request)
            }
        }
    }

    // MARK: Assign roles (global product-environment roles, in this environment)

    func showRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await page(request, context, needs: .apiKeysManage) { visitor, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            let held = try await KeyRoles.held(by: Principal(type: .apiKey, id: key.apiKey), visitor)
            return try await rolesPage(visitor, env, key, checked: Set(held.map(\.id)), request: request)
        }
    }

    private func rolesPage(
        _ visitor: Visitor, _ env: ProductEnvironment, _ key: AccessKey, status: HTTPResponse.Status = .ok, checked: Set<String>,
        problem: FormProblem? = nil, request: Request
    ) async throws -> Response {
        var values = Self.values(env, key)
        values["roles"] = KeyRoles.options(try await KeyRoles.choices(visitor, level: .prodenv), checked: checked)
        values.merge(problem?.values ?? [:]) { $1 }
        return console.page("environments-key-roles", status: status, values, visitor: visitor, request: request)
    }

    func saveRoles(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await post(request, context) { visitor, form, env, key in
            guard let key else { return EnvironmentsPage.notFound(console, visitor, request: request) }
            let principal = Principal(type: .apiKey, id: key.apiKey)
            let (ids, refused) = try await KeyRoles.posted(form, visitor)
            if let problem = refused {
                return try await rolesPage(visitor, env, key, status: problem.status, checked: Set(ids), problem: problem, request: request)
            }
            do {
                try await visitor.permissions.changeAssignments(
                    ids.map { RoleGrantRequest(roleID: $0, principal: principal, scopeID: env.id, parameters: [:]) }, operation: .set,
                    accountID: visitor.accountID, replacing: (principal, .global))
                return back(env, "key-roles")
            } catch {
                let problem = console.problem(error, request: request, fields: KeyRoles.fields)
                return try await rolesPage(visitor, env, key, status: problem.status, checked: Set(ids), problem: problem, request: request)
            }
        }
    }
}
