import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/scim-tokens`: bearer tokens for the IdP's SCIM client, for whoever may update users and groups.
/// A token holds User Provisioning when created, so the guard lets only a holder of that create one.
struct SCIMTokensPage: Sendable {
    let console: Console

    static let notices = ["revoked": "The SCIM token is revoked: it no longer authenticates."]
    static let needs: [ConsoleFeature] = [.usersUpdate, .groupsUpdate]

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("scim-tokens", use: list)
        group.post("scim-tokens", use: create)
        group.post("scim-tokens/{key}/revoke", use: revoke)
    }

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: Self.needs) { visitor in try await render(visitor, request: request) }
    }

    private func render(
        _ visitor: Visitor, status: HTTPResponse.Status = .ok, problem: FormProblem? = nil, typedName: String = "", request: Request
    ) async throws -> Response {
        let rows: [[String: Any]] = try await visitor.accounts.scimTokens(accountID: visitor.accountID).map { token in
            ["key": token.key, "name": token.name ?? token.key, "created": ProfilePage.format(token.createdAt)]
        }
        var values: [String: Any] = ["tokens": rows, "hasTokens": !rows.isEmpty, "typedName": typedName, "baseURL": baseURL]
        values.merge(problem?.values ?? [:]) { $1 }
        return console.page("scim-tokens", status: status, values, visitor: visitor, request: request, notices: Self.notices)
    }

    private var baseURL: String {
        let publicURL = console.services.identity.settings.publicURL
        return (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/scim/v2"
    }

    func create(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: Self.needs) { visitor, form in
            do {
                let created = try await visitor.accounts.createSCIMToken(name: form["token_name"], accountID: visitor.accountID)
                return console.page("scim-tokens-created", [
                    "name": created.key.name ?? "", "token": created.token, "baseURL": baseURL, "key": created.key.key,
                ], visitor: visitor, request: request)
            } catch {
                var problem = console.problem(error, request: request, fields: ["name": "token_name"])
                if case GatehouseError.conflict = error { problem.field = "token_name" }
                return try await render(visitor, status: problem.status, problem: problem, typedName: form["token_name"], request: request)
            }
        }
    }

    func revoke(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let wanted = context.parameters.get("key") ?? ""
        return try await console.submit(request, needs: Self.needs) { visitor, _ in
            guard let token = try await visitor.accounts.scimTokens(accountID: visitor.accountID).first(where: { $0.key == wanted }) else {
                return console.page("message", status: .notFound, [
                    "heading": "SCIM token not found", "error": "That SCIM token does not exist (it may have been revoked).",
                    "back": "/console/scim-tokens",
                ], visitor: visitor, request: request)
            }
            do {
                try await visitor.accounts.revokeProvisioningKey(token.key, accountID: visitor.accountID)
                return console.redirect("/console/scim-tokens?notice=revoked")
            } catch {
                return try await render(visitor, status: console.problem(error, request: request).status,
                                        problem: console.problem(error, request: request), request: request)
            }
        }
    }
}
