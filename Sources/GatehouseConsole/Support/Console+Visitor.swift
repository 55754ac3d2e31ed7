import GatehouseCore
import GatehouseHTTP
import Hummingbird

extension Console {
    /// Runs `body` for a signed-in user whom the Cedar engine allows every one of `features`; a browser not
    /// signed in goes to the sign-in page, a user without the features gets the refusal page (403).
    func visit(
        _ request: Request, needs features: [ConsoleFeature] = [], _ body: (Visitor) async throws -> Response
    ) async throws -> Response {
        let signedIn: SignedIn
        switch try await requireSignedIn(request) {
        case .success(let found): signedIn = found
        case .failure(let answer): return answer
        }
        let visitor = Visitor(signedIn, access: try await ConsoleAccess.of(signedIn.user, decisions: services.decisions), services: services)
        guard features.allSatisfy(visitor.access.allows) else { return denied(visitor) }
        return try await body(visitor)
    }

    /// Like `visit` for a posted form: its CSRF token is checked before the features, so a forged post is
    /// refused whoever the browser belongs to, and nothing is written either way.
    func submit(
        _ request: Request, needs features: [ConsoleFeature] = [], limits: ConsoleForm.Limits = .standard,
        _ body: (Visitor, ConsoleForm) async throws -> Response
    ) async throws -> Response {
        try await visit(request) { visitor in
            switch await signedInForm(request, visitor.signedIn, limits: limits) {
            case .failure(let refusal): return refusal
            case .success(let form):
                guard features.allSatisfy(visitor.access.allows) else { return denied(visitor) }
                return try await body(visitor, form)
            }
        }
    }

    /// An administration page with the menu of what `visitor` may open. `notices` are the page's own texts
    /// for `?notice=<key>` after a redirect (only known keys are shown, never text from the address bar).
    func page(
        _ template: String, status: HTTPResponse.Status = .ok, _ values: [String: Any], visitor: Visitor, request: Request,
        notices: [String: String] = [:]
    ) -> Response {
        var context = values
        context["menu"] = visitor.access.menu
        if context["notice"] == nil {
            let key = request.uri.queryParameters["notice"].map(String.init) ?? ""
            context["notice"] = notices[key] ?? notice(request)
        }
        return page(template, status: status, context, signedIn: visitor.signedIn)
    }

    /// The refusal for a user whose roles do not include what the page or action needs.
    func denied(_ visitor: Visitor) -> Response {
        var context: [String: Any] = [
            "heading": "You do not have access to this",
            "error": "Your roles do not allow this page or action, so nothing was changed. Ask a Master Admin or an Admin of the account.",
        ]
        context["menu"] = visitor.access.menu
        return page("message", status: .forbidden, context, signedIn: visitor.signedIn)
    }
}

/// Why a form was refused, for the page that shows it again: one message per field next to the field, and a
/// message for the form as a whole.
struct FormProblem: Sendable {
    var status: HTTPResponse.Status
    var message: String
    /// The form field the message belongs to, when there is one.
    var field: String?

    /// Template values: `error` (the whole form) and `errors.<field>` (next to the field).
    var values: [String: Any] {
        guard let field else { return ["error": message] }
        return ["error": "The form has a mistake; nothing was changed.", "errors": [field: message]]
    }
}

extension Console {
    /// The problem for a refused operation; `fields` maps the service's field names to the form's, when they differ.
    func problem(_ error: any Error, request: Request, fields: [String: String] = [:]) -> FormProblem {
        let (status, message) = refusal(error, request: request)
        if case GatehouseError.invalidField(let field, _) = error {
            return FormProblem(status: status, message: message, field: fields[field] ?? field)
        }
        return FormProblem(status: status, message: message)
    }

    /// A problem with one field found by the page itself, before any service was asked.
    static func fieldProblem(_ field: String, _ message: String) -> FormProblem {
        FormProblem(status: .badRequest, message: message, field: field)
    }
}
