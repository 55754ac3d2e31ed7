import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/security` (Account Security): whether every user must sign in with a second factor (seen with
/// the account view feature, changed with account update; the guard admits only an account Master Admin).
/// and SAML single sign-on (`AccountSecurityPage+SAML`).
struct AccountSecurityPage: Sendable {
    let console: Console

    static let notices = [
        "two-factor-required": "Two-factor authentication is now required of every user.",
        "two-factor-optional": "Two-factor authentication is no longer required.",
    ].merging(samlNotices) { $1 }

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("security", use: show)
        group.post("security/two-factor", use: setTwoFactor)
        group.post("security/saml", use: setSAML)
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.accountView]) { visitor in
            try await render(visitor, request: request)
        }
    }

    func setTwoFactor(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.accountView, .accountUpdate]) { visitor, form in
            let required = form.has("require_two_factor")
            do {
                _ = try await visitor.accounts.setRequireTwoFactor(accountID: visitor.accountID, required: required)
            } catch {
                return try await render(visitor, problem: console.problem(error, request: request), request: request)
            }
            return console.redirect("/console/security?notice=\(required ? "two-factor-required" : "two-factor-optional")")
        }
    }

    func render(_ visitor: Visitor, problem: FormProblem? = nil, request: Request) async throws -> Response {
        let account = try await visitor.provisioning.usage(accountID: visitor.accountID).account
        var values: [String: Any] = [
            "requireTwoFactor": account.requireTwoFactor, "canChange": visitor.access.allows(.accountUpdate),
        ]
        values.merge(try await samlValues(visitor)) { $1 }
        if let problem { values.merge(problem.values) { $1 } }
        return console.page(
            "security", status: problem?.status ?? .ok, values, visitor: visitor, request: request, notices: Self.notices)
    }
}
