import GatehouseCore
import Hummingbird
import Logging

/// Assembles the HTTP application from the Core services.
public enum GatehouseServer {
    /// - Parameters:
    ///   - metrics: counts requests and decisions when given (metrics are on); nil records nothing.
    ///   - requestLog: one `info` line per request on the request's logger (off for in-process tests).
    public static func buildRouter(
        services: GatehouseServices, metrics: GatehouseMetrics? = nil, requestLog: Bool = false
    ) -> Router<GatehouseRequestContext> {
        let resources = services.resources
        let router = Router(context: GatehouseRequestContext.self)
        router.middlewares.add(AuditOriginMiddleware())
        if requestLog { router.middlewares.add(AccessLogMiddleware()) }
        if let metrics { router.middlewares.add(RequestMetricsMiddleware(metrics: metrics)) }
        router.middlewares.add(CloudinaryErrorMiddleware())
        router.get("health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        ReadinessRoute(store: services.store.base).register(on: router)
        let auth = ProvisioningAuthMiddleware(accounts: services.accounts)
        let enforce = EnforcementMiddleware(decisions: services.decisions, metrics: metrics)
        ProvisioningRoutes(service: services.provisioning)
            .register(on: router.group("v1_1/provisioning/accounts/:account_id").add(middleware: auth).add(middleware: enforce))
        PublicPermissionsRoutes(catalog: resources.catalog, schema: resources.schema, checker: services.checker)
            .register(on: router.group("v2/accounts/permissions/public")
                .add(middleware: RateLimitMiddleware(limiter: ClientRateLimiter(.fromEnvironment()))))
        let permissionsGroup = router.group("v2/accounts/:account_id/permissions").add(middleware: auth).add(middleware: enforce)
        PermissionsRoutes(service: services.permissions).register(on: permissionsGroup)
        CheckRoutes(decisions: services.decisions, metrics: metrics).register(on: permissionsGroup)
        ReadableFolderRoutes(folders: services.folders).register(on: permissionsGroup)
        // Gatehouse's own extension, beside Cloudinary's account APIs and authorized like them.
        AuditRoutes(audit: services.audit)
            .register(on: router.group("v2/accounts/:account_id/audit").add(middleware: auth).add(middleware: enforce))
        SCIMRoutes(provisioning: services.provisioning, permissions: services.permissions, publicURL: services.identity.settings.publicURL)
            .register(on: router.group("scim/v2").add(middleware: SCIMAuthMiddleware(accounts: services.accounts, decisions: services.decisions)))
        let adminAPI = router.group("v1_1/:cloud_name")
        FolderRoutes(service: services.folders).register(on: adminAPI)
        CollectionRoutes(service: services.collections).register(on: adminAPI)
        return router
    }

    public static func buildApplication(
        router: Router<GatehouseRequestContext>, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "Gatehouse"),
            logger: logger)
    }

    /// The metrics server: `GET /metrics` alone, on its own address, so the public port shows nothing of it.
    public static func buildMetricsApplication(
        _ endpoint: MetricsEndpoint, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        endpoint.register(on: router)
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Gatehouse metrics"), logger: logger)
    }
}
