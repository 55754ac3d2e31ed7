import Hummingbird

/// Refuses requests over the client's rate (429 with `Retry-After`, in the error shape of the API the
/// route belongs to). For routes without credentials, where nothing else bounds what one client asks for.
public struct RateLimitMiddleware: RouterMiddleware {
    public typealias Context = GatehouseRequestContext
    let limiter: ClientRateLimiter

    public init(limiter: ClientRateLimiter) { self.limiter = limiter }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let wait = limiter.take(context.clientAddress) {
            throw APIError.tooManyRequests("Too many requests from this address; retry in \(wait) s", retryAfter: wait)
        }
        return try await next(request, context)
    }
}
