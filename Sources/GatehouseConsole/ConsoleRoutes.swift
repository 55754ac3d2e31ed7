import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// The Console's pages under `/console`; `/` leads there. Plain HTML forms that work without JavaScript.
public struct ConsoleRoutes: Sendable {
    let console: Console

    /// `settings` decide the cookies' Secure flag (set when the public URL is https); by default the
    /// identity service's own.
    public init(services: GatehouseServices, settings: IdentitySettings? = nil) throws {
        let publicURL = (settings ?? services.identity.settings).publicURL
        console = Console(
            services: services, templates: try ConsoleTemplates(),
            cookies: ConsoleCookies(secure: publicURL.lowercased().hasPrefix("https://")))
    }

    public func register(on router: Router<GatehouseRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/console"]) }
        let home = HomePage(console: console)
        let login = LoginPage(console: console)
        let verify = VerifyPage(console: console)
        let forgot = ForgotPage(console: console)
        let invitation = LinkPage(console: console, kind: .invitation)
        let reset = LinkPage(console: console, kind: .reset)
        let profile = ProfilePage(console: console)
        router.get("/console", use: home.show)
        router.post("/console/logout", use: home.signOut)
        router.get("/console/login", use: login.show)
        router.post("/console/login", use: login.submit)
        router.get("/console/login/verify", use: verify.show)
        router.post("/console/login/verify", use: verify.submit)
        router.get("/console/forgot", use: forgot.show)
        router.post("/console/forgot", use: forgot.submit)
        router.get("/console/invitation/{token}", use: invitation.show)
        router.post("/console/invitation/{token}", use: invitation.submit)
        router.get("/console/reset/{token}", use: reset.show)
        router.post("/console/reset/{token}", use: reset.submit)
        router.get("/console/profile", use: profile.show)
        router.post("/console/profile", use: profile.save)
        router.post("/console/profile/password", use: profile.changePassword)
        router.post("/console/profile/two-factor", use: profile.beginTwoFactor)
        router.post("/console/profile/two-factor/verify", use: profile.confirmTwoFactor)
        router.post("/console/profile/sessions/end", use: profile.endSession)
        router.post("/console/profile/sessions/end-all", use: profile.endAllSessions)
    }
}
