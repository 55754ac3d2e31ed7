import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/forgot`: asks for a reset link; answers the same whether or not the email has an account.
struct ForgotPage: Sendable {
    let console: Console

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        console.anonymousPage("forgot", [:], request: request)
    }

    func submit(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let form: ConsoleForm
        switch await console.anonymousForm(request, template: "forgot") {
        case .success(let read): form = read
        case .failure(let refusal): return refusal
        }
        let email = form["email"].trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty else { return console.anonymousPage("forgot", status: .badRequest, ["error": "Enter your email."], request: request) }
        do {
            try await console.identity.requestPasswordReset(email: email)
        } catch {
            let (status, message) = console.refusal(error, request: request)
            return console.anonymousPage("forgot", status: status, ["email": email, "error": message], request: request)
        }
        return console.redirect("/console/login?notice=reset-sent")
    }
}
