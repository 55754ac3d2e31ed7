import GatehouseCore
import Hummingbird
import Logging

/// Assembles the HTTP application from the Core services.
public enum GatehouseServer {
    /// Everything the routes need that is loaded once at start.
    public struct Resources: Sendable {
        public var catalog: Catalog
        public var schema: CloudinarySchema

        public static func bundled() throws -> Resources {
            Resources(catalog: try Catalog.bundled(), schema: try CloudinarySchema.bundled())
        }
    }

    public static func buildRouter(store: any GatehouseStore, resources: Resources) -> Router<GatehouseRequestContext> {
        let accounts = AccountService(store: store, catalog: resources.catalog)
        let provisioning = ProvisioningService(store: store, catalog: resources.catalog)
        let checker = StatementChecker(schema: resources.schema)
        let permissions = PermissionsService(store: store, catalog: resources.catalog, checker: checker)
        let router = Router(context: GatehouseRequestContext.self)
        router.middlewares.add(CloudinaryErrorMiddleware())
        router.get("health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        let decisions = DecisionService(permissions: permissions)
        let auth = ProvisioningAuthMiddleware(accounts: accounts)
        let enforce = EnforcementMiddleware(decisions: decisions)
        ProvisioningRoutes(service: provisioning)
            .register(on: router.group("v1_1/provisioning/accounts/:account_id").add(middleware: auth).add(middleware: enforce))
        PublicPermissionsRoutes(catalog: resources.catalog, schema: resources.schema, checker: checker)
            .register(on: router.group("v2/accounts/permissions/public"))
        let permissionsGroup = router.group("v2/accounts/:account_id/permissions").add(middleware: auth).add(middleware: enforce)
        PermissionsRoutes(service: permissions).register(on: permissionsGroup)
        CheckRoutes(decisions: decisions).register(on: permissionsGroup)
        let adminAPI = router.group("v1_1/:cloud_name")
        FolderRoutes(service: FolderService(decisions: decisions)).register(on: adminAPI)
        CollectionRoutes(service: CollectionService(decisions: decisions)).register(on: adminAPI)
        return router
    }

    public static func buildApplication(
        store: any GatehouseStore, resources: Resources, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(store: store, resources: resources),
            configuration: .init(address: .hostname(host, port: port), serverName: "Gatehouse"),
            logger: logger)
    }
}
