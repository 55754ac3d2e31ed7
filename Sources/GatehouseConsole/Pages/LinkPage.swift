import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/invitation/{token}` and `/console/reset/{token}`: a one-time link from a mail, where the person
/// sets a password (and, for an invitation, a name); then on to the sign-in page.
struct LinkPage: Sendable {
    let console: Console
    let kind: OneTimeToken.Kind

    private var template: String { kind == .invitation ? "invitation" : "reset" }

    private func token(_ context: GatehouseRequestContext) -> String {
        // Tokens are short URL-safe strings; anything else cannot be one, and is never echoed.
        let raw = context.parameters.get("token") ?? ""
        return raw.utf8.count <= 200 && raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) ? raw : ""
    }

    private func invalid(_ message: String) -> Response {
        console.page("message", status: .badRequest, [
            "heading": "This link cannot be used", "error": message,
            "hint": kind == .reset
                ? "Ask for a new link with Forgot your password? on the sign-in page." : "Ask your administrator to send a new invitation.",
            "forgot": kind == .reset,
        ])
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let token = token(context)
        do {
            let user = try await console.identity.linkUser(token: token, kind: kind)
            return console.anonymousPage(template, ["email": user.email, "action": request.uri.path, "name": user.name], request: request)
        } catch {
            return invalid(console.refusal(error, request: request).1)
        }
    }

    func submit(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let token = token(context)
        let user: User
        do { user = try await console.identity.linkUser(token: token, kind: kind) } catch {
            return invalid(console.refusal(error, request: request).1)
        }
        let base: [String: Any] = ["email": user.email, "action": request.uri.path, "name": user.name]
        let form: ConsoleForm
        switch await console.anonymousForm(request, template: template, values: base) {
        case .success(let read): form = read
        case .failure(let refusal): return refusal
        }
        var values = base
        values["name"] = form["name"]
        let named = kind == .reset || !form["name"].trimmingCharacters(in: .whitespaces).isEmpty
        guard !form["password"].isEmpty, !form["confirm_password"].isEmpty, named else {
            values["error"] = kind == .invitation
                ? "Enter your name, a password and the same password again." : "Enter a password and the same password again."
            return console.anonymousPage(template, status: .badRequest, values, request: request)
        }
        do {
            if kind == .invitation {
                _ = try await console.identity.acceptInvitation(
                    token: token, name: form["name"], password: form["password"], confirmation: form["confirm_password"])
            } else {
                _ = try await console.identity.completeReset(token: token, password: form["password"], confirmation: form["confirm_password"])
            }
        } catch {
            let (status, message) = console.refusal(error, request: request)
            if case GatehouseError.invalidField("link", _)? = error as? GatehouseError { return invalid(message) }
            values["error"] = message
            return console.anonymousPage(template, status: status, values, request: request)
        }
        return console.redirect("/console/login?notice=password-set")
    }
}
