import Foundation
import GatehouseConsole
import GatehouseCore
import GatehouseHTTP
import GatehouseStoreSQLite
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization

/// A server composed as `gatehouse serve --metrics-port … --log-format …` composes it: one
/// `GatehouseMetrics` handed to the store, the services and the router, `/metrics` served, and every log
/// line kept for the test to read. One extra route fails with an unexpected error, for the error line.
struct OperationsApp {
    /// The log lines written so far, newline included.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    struct Failure: Error {}

    static let failurePath = "/test/failure"

    let store: SQLiteStore
    let services: GatehouseServices
    let metrics: GatehouseMetrics
    let lines = Lines()
    let app: Application<RouterResponder<GatehouseRequestContext>>

    init(format: LogFormat = .json) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-ops-\(UUID().uuidString)")
        metrics = GatehouseMetrics()
        store = try SQLiteStore(directory: directory, recorder: metrics)
        var identity = IdentitySettings(publicURL: "http://gatehouse.test")
        identity.bcryptCost = 4
        services = try GatehouseServices(store: store, identity: identity, recorder: metrics)
        _ = try await services.accounts.acting(as: .local).bootstrapIfEmpty(
            credentials: AccountCredentials(key: TestApp.key, secret: TestApp.secret, accountID: TestApp.account),
            adminEmail: "root@example.com", adminName: "Root", accountName: "Test")
        let router = GatehouseServer.buildRouter(services: services, metrics: metrics, requestLog: true)
        try ConsoleRoutes(services: services).register(on: router)
        MetricsEndpoint(metrics: metrics, mailQueued: { [store] in try await store.read { db in try db.queuedMailCount() } }).register(on: router)
        router.get("test/failure") { _, _ -> Response in throw Failure() }
        let lines = lines
        let logger = Logger(label: "gatehouse-test") { label in
            StructuredLogHandler(label: label, format: format, sink: { lines.append($0) })
        }
        app = Application(router: router, logger: logger)
    }
}

/// One sample of the Prometheus text format: `name{label="value",…} value`.
struct PrometheusSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double

    /// Every sample of an exposition; comment lines skipped. A line that does not parse fails the caller.
    static func parse(_ text: String) throws -> [PrometheusSample] {
        try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Unparsable(line: String(line))
            }
            let series = line[..<space]
            guard let brace = series.firstIndex(of: "{") else { return PrometheusSample(name: String(series), labels: [:], value: value) }
            guard series.hasSuffix("}") else { throw Unparsable(line: String(line)) }
            var labels: [String: String] = [:]
            // Label values here never hold `",` (route patterns, numbers, words), so a plain split is exact.
            for pair in series[series.index(after: brace)..<series.index(before: series.endIndex)].split(separator: "\",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[1].hasPrefix("\"") else { throw Unparsable(line: String(line)) }
                labels[String(parts[0])] = String(parts[1].dropFirst().split(separator: "\"", omittingEmptySubsequences: false)[0])
            }
            return PrometheusSample(name: String(series[..<brace]), labels: labels, value: value)
        }
    }

    struct Unparsable: Error { var line: String }
}

extension [PrometheusSample] {
    /// The sum of the samples named `name` whose labels include `labels` (0 when there is none).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }.map(\.value).reduce(0, +)
    }
}
