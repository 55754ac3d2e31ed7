import GatehouseCore
import Hummingbird

/// Gatehouse enforces its own roles: every account-API call made with a provisioning key is authorized by
/// the Cedar engine from that key's roles. Runs after `ProvisioningAuthMiddleware`. Fails closed: a route
/// without a mapped operation is refused, so a new route is unusable until `AccountOperation` says what it
/// does (`RouteCoverageTests` walks every route).
struct EnforcementMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext
    let decisions: DecisionService
    var metrics: GatehouseMetrics? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let accountID = context.accountID, let key = context.principalKey else { throw APIError.unauthenticated }
        guard let endpoint = context.endpointPath, let operation = AccountOperation(method: request.method, endpoint: endpoint) else {
            throw APIError.forbidden("Request forbidden: \(request.method) \(context.endpointPath ?? request.uri.path) is not mapped to a permission")
        }
        let check = CheckRequest(
            principal: Principal(type: .provisioningKey, id: key), action: operation.action,
            resource: .init(type: operation.resourceType, id: operation.resourceID))
        let allowed = try await decisions.isAllowed(check, accountID: accountID, principalStamp: context.principalStamp)
        metrics?.decided(allowed: allowed, by: .enforcement)
        guard allowed else {
            throw APIError.forbidden(
                "Request forbidden due to missing permissions (actions=[\"\(operation.action)\"] on \(operation.resourceType))")
        }
        return try await next(request, context)
    }
}
