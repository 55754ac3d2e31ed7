import GatehouseCore
import Hummingbird

/// Basic auth of the Admin API (`/v1_1/{cloud_name}/…`): an API key and secret of the environment named by
/// the path's cloud name. Any failure is the same 401, so it tells nothing about which part was wrong.
enum EnvironmentKeyAuth {
    static func caller(_ request: Request, _ context: GatehouseRequestContext, store: GuardedStore) async throws -> EnvironmentCaller {
        guard let (key, secret) = ProvisioningAuthMiddleware.basicCredentials(request.headers[.authorization]) else {
            throw APIError.unauthenticated
        }
        do {
            return try await EnvironmentCaller.authenticate(cloudName: try context.path("cloud_name"), apiKey: key, secret: secret, in: store)
        } catch GatehouseError.unauthenticated {
            throw APIError.unauthenticated
        }
    }
}
