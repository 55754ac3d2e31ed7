import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// The Console's pages under `/console`; `/` leads there. Plain HTML forms that work without JavaScript.
public struct ConsoleRoutes: Sendable {
    let console: Console
    let assets: ConsoleAssets

    /// `settings` decide the cookies' Secure flag (set when the public URL is https); by default the
    /// identity service's own.
    public init(services: GatehouseServices, settings: IdentitySettings? = nil) throws {
        let publicURL = (settings ?? services.identity.settings).publicURL
        console = Console(
            services: services, templates: try ConsoleTemplates(),
            cookies: ConsoleCookies(secure: publicURL.lowercased().hasPrefix("https://")))
        assets = try ConsoleAssets()
    }

    public func register(on router: Router<GatehouseRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/console"]) }
        let group = router.group("console").add(middleware: ConsoleHeaders())
        group.get("assets/{file}", use: assets.serve)
        registerSignIn(on: group)
        ProfilePage(console: console).register(on: group)
        UsersPage(console: console).register(on: group)
        GroupsPage(console: console).register(on: group)
        RolesPage(console: console).register(on: group)
        ExplorerPage(console: console).register(on: group)
        AuditLogPage(console: console).register(on: group)
        EnvironmentsPage(console: console).register(on: group)
        AccountKeysPage(console: console).register(on: group)
        SCIMTokensPage(console: console).register(on: group)
        AccountSettingsPage(console: console).register(on: group)
        AccountSecurityPage(console: console).register(on: group)
        SAMLEndpoints(console: console).register(on: router)
    }

    /// Sign-in and the pages reached from mailed links, before anyone is signed in.
    private func registerSignIn(on group: RouterGroup<GatehouseRequestContext>) {
        let home = HomePage(console: console)
        let login = LoginPage(console: console)
        let verify = VerifyPage(console: console)
        let forgot = ForgotPage(console: console)
        let sso = SSOPage(console: console)
        let invitation = LinkPage(console: console, kind: .invitation)
        let reset = LinkPage(console: console, kind: .reset)
        group.get(use: home.show)
        group.post("logout", use: home.signOut)
        group.get("login", use: login.show)
        group.post("login", use: login.submit)
        group.get("login/verify", use: verify.show)
        group.post("login/verify", use: verify.submit)
        group.get("sso", use: sso.show)
        group.post("sso", use: sso.submit)
        group.get("forgot", use: forgot.show)
        group.post("forgot", use: forgot.submit)
        group.get("invitation/{token}", use: invitation.show)
        group.post("invitation/{token}", use: invitation.submit)
        group.get("reset/{token}", use: reset.show)
        group.post("reset/{token}", use: reset.submit)
    }
}
