import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/profile` (My Profile): name and email preferences, password change, two-factor set-up and the
/// user's own sessions.
struct ProfilePage: Sendable {
    let console: Console

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("profile", use: show)
        group.post("profile", use: save)
        group.post("profile/password", use: changePassword)
        group.post("profile/two-factor", use: beginTwoFactor)
        group.post("profile/two-factor/verify", use: confirmTwoFactor)
        group.post("profile/sessions/end", use: endSession)
        group.post("profile/sessions/end-all", use: endAllSessions)
    }

    /// Runs `body` for a signed-in browser; anyone else goes to the sign-in page.
    private func signedIn(_ request: Request, _ body: (SignedIn) async throws -> Response) async throws -> Response {
        switch try await console.requireSignedIn(request) {
        case .success(let found): return try await body(found)
        case .failure(let answer): return answer
        }
    }

    /// Like `signedIn`, with the posted form read and its CSRF token checked first.
    private func posted(_ request: Request, _ body: (SignedIn, ConsoleForm) async throws -> Response) async throws -> Response {
        try await signedIn(request) { user in
            switch await console.signedInForm(request, user) {
            case .success(let form): return try await body(user, form)
            case .failure(let refusal): return refusal
            }
        }
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await signedIn(request) { user in try await render(user, request: request) }
    }

    /// The profile page; `overrides` keep what was typed after a refusal.
    func render(_ user: SignedIn, status: HTTPResponse.Status = .ok, overrides: [String: Any] = [:], request: Request) async throws -> Response {
        let profile = try await console.identity.profile(of: user.user)
        let twoFactor = try await console.identity.twoFactorStatus(of: user.user)
        let sessions = try await console.identity.sessions(of: user.user).sorted { $0.lastSeenAt > $1.lastSeenAt }
        var values: [String: Any] = [
            "email": user.user.email, "who": user.user.displayName,
            "firstName": profile.firstName ?? "", "lastName": profile.lastName ?? "",
            "productUpdates": profile.productUpdates, "securityNotices": profile.securityNotices,
            "twoFactorOn": twoFactor.enabled, "recoveryCodesLeft": twoFactor.recoveryCodesLeft,
            "sessions": sessions.map { session -> [String: Any] in
                [
                    "id": session.idHash, "current": session.idHash == user.session.idHash,
                    "started": Self.format(session.createdAt), "lastSeen": Self.format(session.lastSeenAt),
                    "address": session.address ?? "unknown", "browser": session.userAgent ?? "unknown browser",
                ]
            },
        ]
        values["notice"] = console.notice(request)
        values["menu"] = try await ConsoleAccess.of(user.user, decisions: console.services.decisions).menu
        values.merge(overrides) { $1 }
        return console.page("profile", status: status, values, signedIn: user)
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }

    func save(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, form in
            do {
                _ = try await console.identity.updateProfile(
                    of: user.user, firstName: form["first_name"], lastName: form["last_name"],
                    productUpdates: form.has("product_updates"), securityNotices: form.has("security_notices"))
                return console.redirect("/console/profile?notice=saved")
            } catch {
                let (status, message) = console.refusal(error, request: request)
                return try await render(user, status: status, overrides: [
                    "error": message, "firstName": form["first_name"], "lastName": form["last_name"],
                    "productUpdates": form.has("product_updates"), "securityNotices": form.has("security_notices"),
                ], request: request)
            }
        }
    }

    func changePassword(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, form in
            guard !form["current_password"].isEmpty, !form["new_password"].isEmpty else {
                let overrides = ["passwordError": "Enter your current password and a new one."]
                return try await render(user, status: .badRequest, overrides: overrides, request: request)
            }
            do {
                // The form has one new-password field (the Console's contract), so it is its own confirmation.
                try await console.identity.changePassword(
                    of: user.user, keeping: user.session, current: form["current_password"], new: form["new_password"],
                    confirmation: form["new_password"])
                return console.redirect("/console/profile?notice=password-changed")
            } catch {
                let (status, message) = console.refusal(error, request: request)
                return try await render(user, status: status, overrides: ["passwordError": message], request: request)
            }
        }
    }

    func endSession(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, form in
            let id = form["session"]
            do { try await console.identity.endSession(idHash: id, of: user.user) } catch {
                let (status, message) = console.refusal(error, request: request)
                return try await render(user, status: status, overrides: ["sessionsError": message], request: request)
            }
            return id == user.session.idHash ? console.signedOut() : console.redirect("/console/profile?notice=session-ended-other")
        }
    }

    func endAllSessions(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, _ in
            try await console.identity.endAllSessions(of: user.user)
            return console.signedOut()
        }
    }

    // MARK: Two-factor authentication

    func beginTwoFactor(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, _ in
            do {
                let enrollment = try await console.identity.beginTwoFactor(for: user.user)
                return twoFactorPage(user, secret: enrollment.secretBase32, url: enrollment.provisioningURL)
            } catch {
                let (status, message) = console.refusal(error, request: request)
                return try await render(user, status: status, overrides: ["twoFactorError": message], request: request)
            }
        }
    }

    func confirmTwoFactor(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await posted(request) { user, form in
            let code = form["code"].trimmingCharacters(in: .whitespaces)
            do {
                guard !code.isEmpty else {
                    throw GatehouseError.invalidField(field: "code", reason: "Enter the 6-digit code from your authenticator app")
                }
                let codes = try await console.identity.confirmTwoFactor(for: user.user, code: code)
                return console.page("recovery-codes", ["codes": codes], signedIn: user)
            } catch {
                let (status, message) = console.refusal(error, request: request)
                // Show the same secret again (it is still pending), so the app already holding it keeps working.
                let pending = try await console.services.store.read { db in try db.twoFactor(userID: user.user.id) }
                guard let pending, pending.confirmedAt == nil else {
                    return try await render(user, status: status, overrides: ["twoFactorError": message], request: request)
                }
                let url = TOTP(secret: pending.secret).provisioningURL(account: user.user.email, issuer: "Gatehouse")
                return twoFactorPage(user, status: status, secret: Base32.encode(pending.secret), url: url, error: message)
            }
        }
    }

    private func twoFactorPage(_ user: SignedIn, status: HTTPResponse.Status = .ok, secret: String, url: String, error: String? = nil) -> Response {
        var values: [String: Any] = ["secret": secret, "url": url]
        // The QR code is drawn here as inline SVG; if it could not be, the URL in text still works.
        if let svg = try? QRCode(encoding: url).svg(moduleSize: 5, label: "QR code for your authenticator app") { values["qr"] = svg }
        values["error"] = error
        return console.page("two-factor", status: status, values, signedIn: user)
    }
}
