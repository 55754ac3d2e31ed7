import Hummingbird

/// Counts every request and its latency in `GatehouseMetrics`, under the route's pattern (the router
/// resolves it before any middleware runs), never the raw path.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: GatehouseMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.requestAnswered(
                method: request.method, route: context.endpointPath, status: Int(response.status.code), duration: ContinuousClock.now - started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.requestAnswered(method: request.method, route: context.endpointPath, status: Int(status), duration: ContinuousClock.now - started)
            throw error
        }
    }
}
