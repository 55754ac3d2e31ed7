import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import Logging

/// What every page controller shares: the services, the templates, the cookie rules and the way a page,
/// a refusal or a redirect is answered.
struct Console: Sendable {
    let services: GatehouseServices
    let templates: ConsoleTemplates
    let cookies: ConsoleCookies

    var identity: IdentityService { services.identity }
    static let logger = Logger(label: "gatehouse.console")

    // MARK: Answers

    /// A page; `values` fill the template, `signedIn` adds the header with **Sign out**.
    func page(
        _ template: String, status: HTTPResponse.Status = .ok, _ values: [String: Any] = [:], signedIn: SignedIn? = nil,
        headers: HTTPFields = [:]
    ) -> Response {
        var context = values
        if let signedIn {
            context["signedIn"] = ["who": signedIn.user.displayName, "csrf": signedIn.csrfToken]
            context["csrf"] = context["csrf"] ?? signedIn.csrfToken
        }
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let html = templates.render(template, context)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    /// The refusal page for a form whose CSRF token is missing or wrong: nothing was written.
    func forbidden(signedIn: SignedIn? = nil) -> Response {
        page("message", status: .forbidden, [
            "heading": "This form could not be accepted",
            "error": "The form's security token is missing or wrong, so nothing was changed. Go back, reload the page and try again.",
        ], signedIn: signedIn)
    }

    /// What a refused operation tells the person, and with which status. Passwords are never repeated.
    func refusal(_ error: any Error, request: Request) -> (HTTPResponse.Status, String) {
        switch error {
        case let problem as ConsoleForm.Problem: return ConsoleForm.refusal(problem)
        case let error as GatehouseError:
            switch error {
            case .invalidField(let field, let reason):
                if let label = Self.labels[field] { return (.badRequest, "\(label) \(reason).") }
                return (.badRequest, reason.hasSuffix(".") || reason.hasSuffix(":") ? reason : reason + ".")
            case .unauthenticated: return (.unauthorized, "Wrong email or password.")
            case .tooManyAttempts(let message): return (.tooManyRequests, message)
            case .conflict(let message): return (.conflict, message)
            case .notAllowed(let message): return (.forbidden, message)
            case .seatLimitReached: return (.forbidden, error.description)
            case .notFound: return (.notFound, "That was not found. Reload the page and try again.")
            case .corruptData, .unavailable: break
            }
        default: break
        }
        Self.logger.error("Console request failed: \(String(describing: error))")
        return (.serviceUnavailable, "Something went wrong on our side. Try again in a moment.")
    }

    static let labels = [
        "name": "Name", "password": "Password", "confirm_password": "Confirm password", "current_password": "Current password",
        "new_password": "New password", "first_name": "First name", "last_name": "Last name", "email": "Email",
        "idp_entity_id": "The IdP's entity ID", "idp_sso_url": "The IdP's single sign-on URL",
    ]

    // MARK: Who is asking

    func signedIn(_ request: Request) async throws -> SignedIn? {
        guard let token = ConsoleCookies.value(ConsoleCookies.session, in: request) else { return nil }
        return try await identity.signedIn(sessionToken: token)
    }

    func client(_ request: Request, _ context: GatehouseRequestContext) -> ClientInfo {
        ClientInfo(address: context.clientAddress, userAgent: request.headers[.userAgent])
    }

    // MARK: Forms before sign-in (double-submit token)

    /// The form token for a page shown before sign-in: the browser's cookie, or a new one set on `headers`.
    func formToken(_ request: Request, setting headers: inout HTTPFields) -> String {
        if let existing = ConsoleCookies.value(ConsoleCookies.form, in: request) { return existing }
        let token = randomFormToken()
        cookies.set(ConsoleCookies.form, token, on: &headers)
        return token
    }

    /// The posted token matches the cookie (compared in constant time).
    func formTokenMatches(_ request: Request, _ form: ConsoleForm) -> Bool {
        guard let cookie = ConsoleCookies.value(ConsoleCookies.form, in: request) else { return false }
        return constantTimeEqual(cookie, form["csrf"])
    }

    /// Notices carried across a redirect by a fixed key, so no text from the address bar reaches the page.
    static let notices = [
        "signed-out": "You are signed out.",
        "password-set": "Your password is set. Sign in with it.",
        "reset-sent": "If that email belongs to an account, a reset link is on its way.",
        "session-ended": "Your session has ended. Sign in again.",
        "saved": "Your profile is saved.",
        "password-changed": "Your password is changed. Your other sessions were signed out.",
        "session-ended-other": "The session is ended.",
        "two-factor-on": "Two-factor authentication is on.",
        "two-factor-required": "Your account requires two-factor authentication: set it up to go on.",
    ]

    func notice(_ request: Request) -> String? {
        request.uri.queryParameters["notice"].flatMap { Self.notices[String($0)] }
    }
}

extension User {
    /// Users created without a name are shown by their email until they set one.
    var displayName: String { name.trimmingCharacters(in: .whitespaces).isEmpty ? email : name }
}

extension Console {
    static let csrfRefusal = "The form's security token is missing or wrong, so nothing was changed. Reload the page and try again."

    /// A page with a form shown before sign-in: carries the double-submit token (setting its cookie if new).
    func anonymousPage(_ template: String, status: HTTPResponse.Status = .ok, _ values: [String: Any], request: Request) -> Response {
        var headers = HTTPFields()
        var context = values
        context["csrf"] = formToken(request, setting: &headers)
        if context["notice"] == nil, let notice = notice(request) { context["notice"] = notice }
        return page(template, status: status, context, headers: headers)
    }

    /// Reads a form posted before sign-in and checks its token; on refusal, the answer to send instead.
    func anonymousForm(
        _ request: Request, template: String, values: [String: Any] = [:]
    ) async -> Gate<ConsoleForm> {
        let form: ConsoleForm
        do { form = try await ConsoleForm.read(request) } catch {
            let (status, message) = ConsoleForm.refusal(error)
            return .failure(anonymousPage(template, status: status, values.merging(["error": message]) { $1 }, request: request))
        }
        guard formTokenMatches(request, form) else {
            return .failure(anonymousPage(template, status: .forbidden, values.merging(["error": Self.csrfRefusal]) { $1 }, request: request))
        }
        return .success(form)
    }

    /// Reads a form posted from a signed-in page and checks its token against the session's.
    func signedInForm(_ request: Request, _ signedIn: SignedIn, limits: ConsoleForm.Limits = .standard) async -> Gate<ConsoleForm> {
        let form: ConsoleForm
        do { form = try await ConsoleForm.read(request, limits: limits) } catch {
            let (status, message) = ConsoleForm.refusal(error, limits: limits)
            let values = ["heading": "This form could not be accepted", "error": message, "back": "/console/profile"]
            return .failure(page("message", status: status, values, signedIn: signedIn))
        }
        guard constantTimeEqual(signedIn.csrfToken, form["csrf"]) else { return .failure(forbidden(signedIn: signedIn)) }
        return .success(form)
    }
}

extension Console {
    /// The signed-in user, or the answer for a browser that is not (any more): to the sign-in page, with a
    /// stale session cookie cleared.
    func requireSignedIn(_ request: Request) async throws -> Gate<SignedIn> {
        if let signedIn = try await signedIn(request) {
            // An account that requires a second factor lets a user without one reach only My Profile to set it up.
            if signedIn.mustSetUpTwoFactor, !request.uri.path.hasPrefix("/console/profile") {
                return .failure(redirect("/console/profile?notice=two-factor-required"))
            }
            return .success(signedIn)
        }
        guard ConsoleCookies.value(ConsoleCookies.session, in: request) != nil else { return .failure(redirect("/console/login")) }
        var headers = HTTPFields()
        cookies.clear(ConsoleCookies.session, on: &headers)
        return .failure(redirect("/console/login?notice=session-ended", headers: headers))
    }

    /// To the sign-in page with the session cookie cleared.
    func signedOut(notice: String = "signed-out") -> Response {
        var headers = HTTPFields()
        cookies.clear(ConsoleCookies.session, on: &headers)
        return redirect("/console/login?notice=\(notice)", headers: headers)
    }
}

/// Either what a page goes on with, or the answer it sends instead (a redirect, a refusal page).
enum Gate<Value: Sendable>: Sendable {
    case success(Value)
    case failure(Response)
}
