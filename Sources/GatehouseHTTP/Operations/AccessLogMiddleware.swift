import Hummingbird
import Logging

/// One `info` line per request: method, route pattern, status and duration. The request id comes with
/// the request's logger (`AuditOriginMiddleware` puts it there). `gatehouse serve` adds it when its level
/// is `info` or finer (its default once a log format is chosen); it costs nothing above `info`.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.logger.logLevel <= .info else { return try await next(request, context) }
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: started)
            return response
        } catch {
            log(request, context, status: Int((error as? any HTTPResponseError)?.status.code ?? 500), since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(context.endpointPath ?? "unknown"),
                "status": .stringConvertible(status), "duration_ms": .string(Self.milliseconds(ContinuousClock.now - started)),
            ])
    }

    /// Milliseconds with three decimals, without Foundation's formatters on the request path.
    static func milliseconds(_ duration: Duration) -> String {
        let micros = max(0, duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
        let fraction = String(micros % 1000)
        return "\(micros / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
