import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/login`: email and password, then either the Console or the authentication-code step.
struct LoginPage: Sendable {
    let console: Console

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        if try await console.signedIn(request) != nil { return console.redirect("/console") }
        return console.anonymousPage("login", [:], request: request)
    }

    func submit(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let form: ConsoleForm
        switch await console.anonymousForm(request, template: "login") {
        case .success(let read): form = read
        case .failure(let refusal): return refusal
        }
        let email = form["email"].trimmingCharacters(in: .whitespaces)
        func again(_ status: HTTPResponse.Status, _ message: String) -> Response {
            console.anonymousPage("login", status: status, ["email": email, "error": message], request: request)
        }
        guard !email.isEmpty, !form["password"].isEmpty else { return again(.badRequest, "Enter your email and your password.") }
        do {
            switch try await console.identity.signIn(email: email, password: form["password"], client: console.client(request, context)) {
            case .signedIn(let token):
                var headers = HTTPFields()
                console.cookies.set(ConsoleCookies.session, token, on: &headers)
                return console.redirect("/console", headers: headers)
            case .needsSecondFactor(let step):
                var headers = HTTPFields()
                let lifetime = Int(console.identity.settings.secondFactorTTL)
                console.cookies.set(ConsoleCookies.step, step, path: "/console/login", maxAge: lifetime, on: &headers)
                return console.redirect("/console/login/verify", headers: headers)
            case .singleSignOnRequired(let accountID):
                let sso = console.services.saml.serviceProvider(accountID: accountID).loginURL
                return console.anonymousPage("login", status: .forbidden, [
                    "email": email, "sso": sso,
                    "error": "Your account signs in through its identity provider (single sign-on); passwords are for Master Admins only.",
                ], request: request)
            }
        } catch {
            let (status, message) = console.refusal(error, request: request)
            return again(status, message)
        }
    }
}
