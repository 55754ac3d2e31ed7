import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console`, where a browser lands after signing in, and `/console/logout` (the **Sign out** button).
struct HomePage: Sendable {
    let console: Console

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request) { visitor in
            console.page("home", ["email": visitor.user.email, "who": visitor.user.displayName], visitor: visitor, request: request)
        }
    }

    func signOut(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        let signedIn: SignedIn
        switch try await console.requireSignedIn(request) {
        case .success(let found): signedIn = found
        case .failure(let answer): return answer
        }
        switch await console.signedInForm(request, signedIn) {
        case .success: break
        case .failure(let refusal): return refusal
        }
        if let token = ConsoleCookies.value(ConsoleCookies.session, in: request) { try await console.identity.signOut(sessionToken: token) }
        return console.signedOut()
    }
}
