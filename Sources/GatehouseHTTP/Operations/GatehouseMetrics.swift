import GatehouseCore
import HTTPTypes
import Prometheus
import Synchronization

/// One server's metrics, kept in a Prometheus registry of its own and shown by `MetricsEndpoint`.
///
/// Made once by whoever composes the server (`gatehouse serve`, a test) and handed to the store, the
/// services (as their `OperationsRecorder`) and the router; there is no process-wide registry. Labels
/// only take values from small fixed sets (route patterns, never raw paths; known methods), so the
/// number of series stays bounded whatever clients send.
public final class GatehouseMetrics: OperationsRecorder {
    /// Who asked for a decision.
    public enum DecisionSource: String, Sendable {
        /// `POST …/permissions/check`.
        case checkAPI = "check"
        /// `EnforcementMiddleware`, authorizing an account-API call.
        case enforcement
    }

    public let registry: PrometheusCollectorRegistry

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct RequestSeries {
        var count: Counter
        var latency: DurationHistogram
    }

    private let requests = Mutex<[RequestKey: RequestSeries]>([:])
    private let decisions: [String: Counter]
    private let cacheLookups: [String: Counter]
    private let commitLatency: DurationHistogram
    private let commitWrites: ValueHistogram
    private let poolWaits: [StorePoolKind: DurationHistogram]
    private let mailQueueDepth: Gauge

    static let requestBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
    ]
    static let commitBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
    ]
    // From a free connection's few microseconds up to PostgreSQL's default connect timeout, when a wait gives up.
    static let poolWaitBuckets: [Duration] = [
        .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var decisions: [String: Counter] = [:]
        for source in [DecisionSource.checkAPI, .enforcement] {
            for outcome in ["allow", "deny"] {
                decisions[source.rawValue + outcome] = registry.makeCounter(
                    descriptor: Self.decisionsName, labels: [("source", source.rawValue), ("outcome", outcome)])
            }
        }
        self.decisions = decisions
        var lookups: [String: Counter] = [:]
        for table in DecisionCacheTable.allCases {
            for result in ["hit", "miss"] {
                lookups[table.rawValue + result] = registry.makeCounter(
                    descriptor: Self.cacheName, labels: [("table", table.rawValue), ("result", result)])
            }
        }
        cacheLookups = lookups
        commitLatency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "gatehouse", subsystem: "store", metricName: "commit_duration", unitName: "seconds",
                helpText: "Durable commits of the store (one group-commit batch each), their flush included."),
            buckets: Self.commitBuckets)
        commitWrites = registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "gatehouse", subsystem: "store", metricName: "commit_batch", unitName: "writes",
                helpText: "Writes carried by each commit (group commit batches concurrent writes)."),
            buckets: [1, 2, 4, 8, 16, 32, 64])
        var waits: [StorePoolKind: DurationHistogram] = [:]
        for pool in StorePoolKind.allCases {
            waits[pool] = registry.makeDurationHistogram(
                descriptor: Self.poolWaitName, labels: [("pool", pool.rawValue)], buckets: Self.poolWaitBuckets)
        }
        poolWaits = waits
        mailQueueDepth = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "gatehouse", subsystem: "mail", metricName: "queue_depth", unitName: "messages",
                helpText: "Messages queued and not yet sent, read when the metrics are scraped."))
    }

    /// One answered request, under its route pattern (`endpointPath`; Hummingbird's `NotFound` for none).
    public func requestAnswered(method: HTTPRequest.Method, route: String?, status: Int, duration: Duration) {
        let method = Self.methods.contains(method.rawValue) ? method.rawValue : "other"
        let key = RequestKey(method: method, route: route ?? "unknown", status: status)
        let series = requests.withLock { known in
            if let series = known[key] { return series }
            let labels = [("method", key.method), ("route", key.route), ("status", String(key.status))]
            let made = RequestSeries(
                count: registry.makeCounter(descriptor: Self.requestsName, labels: labels),
                latency: registry.makeDurationHistogram(descriptor: Self.latencyName, labels: labels, buckets: Self.requestBuckets))
            known[key] = made
            return made
        }
        series.count.increment()
        series.latency.record(duration)
    }

    /// One decision made for `source`.
    public func decided(allowed: Bool, by source: DecisionSource) {
        decisions[source.rawValue + (allowed ? "allow" : "deny")]?.increment()
    }

    public func decisionCacheLookup(_ table: DecisionCacheTable, hit: Bool) {
        cacheLookups[table.rawValue + (hit ? "hit" : "miss")]?.increment()
    }

    public func storeCommitted(writes: Int, duration: Duration) {
        commitLatency.record(duration)
        commitWrites.record(Double(writes))
    }

    public func storeConnectionWaited(_ pool: StorePoolKind, duration: Duration) {
        poolWaits[pool]?.record(duration)
    }

    /// The Prometheus text exposition of everything recorded, with the mail queue at `mailQueued`.
    public func exposition(mailQueued: Int?) -> [UInt8] {
        if let mailQueued { mailQueueDepth.set(Double(mailQueued)) }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    // Computed, not stored: the descriptor type is not Sendable.
    static var requestsName: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gatehouse", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by method, route pattern and status.")
    }

    static var latencyName: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gatehouse", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time from a request's arrival at the router to its response, by method, route pattern and status.")
    }

    static var decisionsName: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gatehouse", metricName: "decisions", unitName: "total",
            helpText: "Authorization decisions by who asked (check API or enforcement) and outcome.")
    }

    static var poolWaitName: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gatehouse", subsystem: "store", metricName: "pool_wait", unitName: "seconds",
            helpText: "Time a store read or write waited for a connection of its pool (read or write) before it ran.")
    }

    static var cacheName: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "gatehouse", subsystem: "decision_cache", metricName: "lookups", unitName: "total",
            helpText: "Decision cache lookups by table and result (hit or miss).")
    }
}
