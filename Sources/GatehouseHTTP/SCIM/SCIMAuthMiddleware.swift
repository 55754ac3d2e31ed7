import GatehouseCore
import Hummingbird

/// `Authorization: Bearer TOKEN` with a SCIM token, then the token's roles through the Cedar engine for the
/// route's `SCIMOperation`. The account is the token's: SCIM paths carry none.
struct SCIMAuthMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext
    let accounts: AccountService
    let decisions: DecisionService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearer(request.headers[.authorization]) else {
            throw APIError.unauthenticated
        }
        let key: ProvisioningKey
        do {
            key = try accounts.authenticate(scimToken: token)
        } catch GatehouseError.unauthenticated {
            throw APIError.unauthenticated
        }
        guard let endpoint = context.endpointPath, let operation = SCIMOperation(method: request.method, endpoint: endpoint) else {
            throw APIError.forbidden("\(request.method) \(context.endpointPath ?? request.uri.path) is not mapped to a permission")
        }
        if case .permit(let permits) = operation {
            for permit in permits {
                let check = CheckRequest(
                    principal: Principal(type: .provisioningKey, id: key.key), action: permit.action,
                    resource: .init(type: permit.resourceType, id: "*"))
                guard try await decisions.isAllowed(check, accountID: key.accountID) else {
                    throw APIError.forbidden("This SCIM token may not \(permit.action) \(permit.resourceType) (its roles do not permit it)")
                }
            }
        }
        var context = context
        context.accountID = key.accountID
        context.principalKey = key.key
        return try await next(request, context)
    }

    /// The token of `Bearer TOKEN`; the scheme name is case-insensitive.
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
