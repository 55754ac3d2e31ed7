import Foundation
import GatehouseCore
import Logging
import ServiceLifecycle

extension MailWorker {
    /// The worker `gatehouse serve` runs: SMTP or the outbox (`<dataDirectory>/outbox`) as the environment says.
    public convenience init(environment: [String: String], store: any GatehouseStore, dataDirectory: URL, logger: Logger) throws {
        let settings = try MailSettings(environment: environment)
        self.init(
            store: store, transport: settings.makeTransport(dataDirectory: dataDirectory, logger: logger), from: settings.from,
            logger: logger)
    }

    /// Runs `app` (the HTTP server), `others` and this worker together until SIGTERM or SIGINT, then shuts
    /// them down gracefully, in reverse order: the worker first (it finishes the message it is sending),
    /// the server last.
    public func run(alongside app: some Service, _ others: [any Service] = [], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(services: [app] + others + [self], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
