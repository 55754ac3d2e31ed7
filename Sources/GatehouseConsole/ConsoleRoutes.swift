import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// The Console's pages under `/console`; `/` leads there.
public struct ConsoleRoutes: Sendable {
    public init() {}

    public func register(on router: Router<GatehouseRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/console"]) }
    }
}
