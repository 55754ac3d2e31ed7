import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/login/verify`: the authentication code (or a recovery code) after the password. The step
/// token rides in a short-lived HttpOnly cookie scoped to `/console/login`.
struct VerifyPage: Sendable {
    let console: Console

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        guard ConsoleCookies.value(ConsoleCookies.step, in: request) != nil else { return console.redirect("/console/login") }
        return console.anonymousPage("verify", [:], request: request)
    }

    func submit(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let form: ConsoleForm
        switch await console.anonymousForm(request, template: "verify") {
        case .success(let read): form = read
        case .failure(let refusal): return refusal
        }
        guard let step = ConsoleCookies.value(ConsoleCookies.step, in: request) else {
            let values: [String: Any] = ["error": "This sign-in step has expired: sign in again.", "expired": true]
            return console.anonymousPage("verify", status: .badRequest, values, request: request)
        }
        let code = form["code"].trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else {
            let values = ["error": "Enter the authentication code from your app, or a recovery code."]
            return console.anonymousPage("verify", status: .badRequest, values, request: request)
        }
        do {
            let token = try await console.identity.completeSecondFactor(stepToken: step, code: code, client: console.client(request, context))
            var headers = HTTPFields()
            console.cookies.clear(ConsoleCookies.step, path: "/console/login", on: &headers)
            console.cookies.set(ConsoleCookies.session, token, on: &headers)
            return console.redirect("/console", headers: headers)
        } catch {
            let (status, message) = console.refusal(error, request: request)
            return console.anonymousPage("verify", status: status, ["error": message, "expired": message.contains("sign in again")], request: request)
        }
    }
}
