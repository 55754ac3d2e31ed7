import GatehouseCore
import Hummingbird
import Logging

/// Assembles the HTTP application from the Core services.
public enum GatehouseServer {
    public static func buildRouter(store: any GatehouseStore) -> Router<GatehouseRequestContext> {
        let accounts = AccountService(store: store)
        let provisioning = ProvisioningService(store: store)
        let router = Router(context: GatehouseRequestContext.self)
        router.middlewares.add(CloudinaryErrorMiddleware())
        router.get("health") { _, _ in try JSONResponse.make(["status": "ok"]) }
        let account = router.group("v1_1/provisioning/accounts/:account_id")
            .add(middleware: ProvisioningAuthMiddleware(accounts: accounts))
        ProvisioningRoutes(service: provisioning).register(on: account)
        return router
    }

    public static func buildApplication(
        store: any GatehouseStore, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(store: store),
            configuration: .init(address: .hostname(host, port: port), serverName: "Gatehouse"),
            logger: logger)
    }
}
