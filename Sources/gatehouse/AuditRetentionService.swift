import GatehouseCore
import Logging
import ServiceLifecycle

/// Prunes the audit log to the configured number of days (`--audit-retention-days`), at start and then
/// hourly, as the operator (`AuditLog.prune`). A failed round is logged and tried again next hour: the log
/// only grows meanwhile, nothing is lost.
struct AuditRetentionService: Service {
    let audit: AuditLog
    let days: Int
    let logger: Logger

    func run() async throws {
        let operatorLog = audit.acting(as: .local)
        // Ends at shutdown: the hour's sleep is cancelled, and the loop with it.
        try? await cancelWhenGracefulShutdown {
            while true {
                do {
                    if let (checkpoint, pruned) = try await operatorLog.prune(keepingDays: days) {
                        logger.notice("Audit retention: pruned \(pruned) events through sequence \(checkpoint.sequence)")
                    }
                } catch {
                    logger.error("Audit retention failed: \(error)")
                }
                try await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
