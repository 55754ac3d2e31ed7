import Hummingbird

/// `GET /metrics` in Prometheus' text format. On its own port by default (`GatehouseServer.buildMetricsApplication`),
/// so the public port shows nothing of the server's internals unless the operator says so.
public struct MetricsEndpoint: Sendable {
    public let metrics: GatehouseMetrics
    /// Reads the mail queue's depth at scrape time; nil when the store cannot say.
    public let mailQueued: (@Sendable () async throws -> Int)?

    public init(metrics: GatehouseMetrics, mailQueued: (@Sendable () async throws -> Int)? = nil) {
        self.metrics = metrics
        self.mailQueued = mailQueued
    }

    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("metrics") { _, context -> Response in
            var depth: Int?
            do {
                depth = try await mailQueued?()
            } catch {
                // A scrape still shows everything else; the gauge keeps its last value.
                context.logger.warning("metrics: cannot read the mail queue depth", metadata: ["error": "\(error)"])
            }
            let body = metrics.exposition(mailQueued: depth)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}
