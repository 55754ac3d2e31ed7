import GatehouseConsole
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ConsoleRedirectTests {
    @Test func rootLeadsToTheConsole() async throws {
        let router = Router(context: GatehouseRequestContext.self)
        ConsoleRoutes().register(on: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/console")
            }
        }
    }
}
