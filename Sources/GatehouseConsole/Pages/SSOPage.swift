import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/sso`: "Sign in with SSO" — the person's email finds its account, whose IdP login the browser
/// follows. An email without single sign-on gets the same answer whether or not it has an account.
struct SSOPage: Sendable {
    let console: Console
    static let unavailable = "Single sign-on is not set up for that email. Sign in with your password instead."

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        console.anonymousPage("sso", [:], request: request)
    }

    func submit(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let form: ConsoleForm
        switch await console.anonymousForm(request, template: "sso") {
        case .success(let read): form = read
        case .failure(let refusal): return refusal
        }
        let email = form["email"].trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty else { return console.anonymousPage("sso", status: .badRequest, ["error": "Enter your email."], request: request) }
        guard let accountID = try await console.services.saml.account(signingIn: email) else {
            return console.anonymousPage("sso", status: .notFound, ["email": email, "error": Self.unavailable], request: request)
        }
        // A page with a link, not a redirect: the CSP's form-action 'self' also covers a form's redirects, and
        // this one would end at the IdP. The script follows the link; without it, the person does.
        let login = console.services.saml.serviceProvider(accountID: accountID).loginURL
        return console.anonymousPage("sso-continue", ["login": login], request: request)
    }
}
