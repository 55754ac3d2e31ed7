import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/environments` (Product environments): the environments the signed-in user can reach, created,
/// renamed, enabled and disabled by holders of `product_environments::manage`; one page per environment
/// with its API keys (`EnvironmentKeysPage`).
struct EnvironmentsPage: Sendable {
    let console: Console

    static let notices = [
        "created": "The product environment is created.",
        "renamed": "The product environment is renamed.",
        "enabled": "The product environment is enabled.",
        "disabled": "The product environment is disabled: its API keys stop working until it is enabled again.",
    ]

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("environments", use: list)
        group.post("environments", use: create)
        group.get("environments/{id}", use: show)
        group.post("environments/{id}/rename", use: rename)
        group.post("environments/{id}/status", use: setStatus)
        EnvironmentKeysPage(console: console).register(on: group)
    }

    // MARK: The list

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request) { visitor in try await render(visitor, request: request) }
    }

    /// The list page; `form` keeps what was typed after a refusal.
    private func render(
        _ visitor: Visitor, status: HTTPResponse.Status = .ok, problem: FormProblem? = nil, form: ConsoleForm? = nil, request: Request
    ) async throws -> Response {
        let environments = try await Self.reachable(by: visitor)
        var values: [String: Any] = [
            "environments": environments.map(Self.row), "hasEnvironments": !environments.isEmpty,
            "canManage": visitor.access.allows(.productEnvironmentsManage),
            "cloudName": form?["cloud_name"] ?? "", "name": form?["name"] ?? "",
        ]
        values.merge(problem?.values ?? [:]) { $1 }
        return console.page("environments", status: status, values, visitor: visitor, request: request, notices: Self.notices)
    }

    /// Holders of `product_environments::manage` administer every environment; anyone else sees those they
    /// can access (Master Admins and all-environment users: all).
    static func reachable(by visitor: Visitor) async throws -> [ProductEnvironment] {
        if visitor.access.allows(.productEnvironmentsManage) {
            return try await visitor.provisioning.environments(EnvironmentQuery(accountID: visitor.accountID)).map(\.0)
        }
        return try await visitor.provisioning.environments(ofUser: visitor.user.id, accountID: visitor.accountID)
    }

    static func row(_ env: ProductEnvironment) -> [String: Any] {
        ["id": env.id, "name": env.name, "cloudName": env.cloudName, "enabled": env.enabled, "created": ProfilePage.format(env.createdAt)]
    }

    func create(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.productEnvironmentsManage]) { visitor, form in
            let cloudName = form["cloud_name"].trimmingCharacters(in: .whitespaces)
            do {
                _ = try await visitor.provisioning.createEnvironment(
                    NewEnvironment(name: form["name"], cloudName: cloudName.isEmpty ? nil : cloudName), accountID: visitor.accountID)
                return console.redirect("/console/environments?notice=created")
            } catch {
                let problem = Self.problem(error, console: console, request: request)
                return try await render(visitor, status: problem.status, problem: problem, form: form, request: request)
            }
        }
    }

    /// A refusal of an environment form: a taken cloud name and the cloud name's own rule are told next to
    /// the **Cloud name** field.
    static func problem(_ error: any Error, console: Console, request: Request) -> FormProblem {
        var problem = console.problem(error, request: request)
        switch error {
        case GatehouseError.invalidField(field: "cloud_name", reason: let reason):
            problem.message = "Cloud name \(reason)."
        case GatehouseError.conflict(let message) where message.hasPrefix("Cloud name"):
            problem = FormProblem(status: .conflict, message: message + ".", field: "cloud_name")
        default: break
        }
        return problem
    }

    // MARK: One environment

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request) { visitor in
            try await renderEnvironment(visitor, id: context.parameters.get("id") ?? "", request: request)
        }
    }

    /// The environment's page: its settings for holders of `product_environments::manage`, its keys for
    /// holders of `api_keys::view` in it. `values` carry a refusal and what was typed.
    func renderEnvironment(
        _ visitor: Visitor, id: String, status: HTTPResponse.Status = .ok, values extra: [String: Any] = [:], request: Request
    ) async throws -> Response {
        guard let env = try await Self.environment(id, visibleTo: visitor) else { return Self.notFound(console, visitor, request: request) }
        var values = Self.row(env)
        values["canManage"] = visitor.access.allows(.productEnvironmentsManage)
        values["newName"] = env.name
        if try await visitor.access.allows(.apiKeysView, in: env.id) {
            values["canViewKeys"] = true
            values["canManageKeys"] = try await visitor.access.allows(.apiKeysManage, in: env.id)
            let keys = try await EnvironmentKeysPage.keyRows(of: env, visitor: visitor)
            values["keys"] = keys
            values["hasKeys"] = !keys.isEmpty
        }
        values.merge(extra) { $1 }
        let notices = Self.notices.merging(EnvironmentKeysPage.notices) { $1 }
        return console.page("environments-show", status: status, values, visitor: visitor, request: request, notices: notices)
    }

    /// The environment when the visitor may see it; nil for an unknown one or one out of the visitor's reach.
    static func environment(_ id: String, visibleTo visitor: Visitor) async throws -> ProductEnvironment? {
        try await reachable(by: visitor).first { $0.id == id }
    }

    static func notFound(_ console: Console, _ visitor: Visitor, request: Request) -> Response {
        console.page("message", status: .notFound, [
            "heading": "Product environment not found",
            "error": "That product environment does not exist or is not one you can access.", "back": "/console/environments",
        ], visitor: visitor, request: request)
    }

    func rename(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        return try await console.submit(request, needs: [.productEnvironmentsManage]) { visitor, form in
            do {
                _ = try await visitor.provisioning.updateEnvironment(
                    id: id, accountID: visitor.accountID, changes: EnvironmentChanges(name: form["name"]))
                return console.redirect("/console/environments/\(id)?notice=renamed")
            } catch {
                let problem = Self.problem(error, console: console, request: request)
                if problem.status == .notFound { return Self.notFound(console, visitor, request: request) }
                var values = problem.values
                values["newName"] = form["name"]
                return try await renderEnvironment(visitor, id: id, status: problem.status, values: values, request: request)
            }
        }
    }

    /// Enables (`enabled=true`) or disables (`enabled=false`) the environment.
    func setStatus(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        return try await console.submit(request, needs: [.productEnvironmentsManage]) { visitor, form in
            guard let enabled = Bool(form["enabled"]) else {
                return try await renderEnvironment(
                    visitor, id: id, status: .badRequest, values: ["error": "Choose whether to enable or disable the environment."], request: request)
            }
            do {
                _ = try await visitor.provisioning.updateEnvironment(
                    id: id, accountID: visitor.accountID, changes: EnvironmentChanges(enabled: enabled))
                return console.redirect("/console/environments/\(id)?notice=\(enabled ? "enabled" : "disabled")")
            } catch {
                let problem = console.problem(error, request: request)
                if problem.status == .notFound { return Self.notFound(console, visitor, request: request) }
                return try await renderEnvironment(visitor, id: id, status: problem.status, values: problem.values, request: request)
            }
        }
    }
}
