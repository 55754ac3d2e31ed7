import ArgumentParser
import GatehouseCore

extension AuditCommand {
    /// What `serve --audit-retention-days` does hourly, once, now: for an operator who keeps the server's
    /// retention off and prunes on a schedule of its own.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove events older than N days behind a signed checkpoint; the chain left still verifies.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(name: .customLong("older-than-days"), help: "Remove the events recorded more than this many days ago (at least 1).")
        var days: Int

        func validate() throws {
            guard days >= 1 else { throw ValidationError("--older-than-days must be at least 1") }
        }

        func run() async throws {
            let audit = try dataDir.openServices().audit.acting(as: .local)
            if let (checkpoint, pruned) = try await audit.prune(keepingDays: days) {
                emit("Pruned \(pruned) events through sequence \(checkpoint.sequence); checkpoint signed by the key whose public half is \(audit.signer.verifyingKey.base64)")
            } else {
                emit("No event is older than \(days) day\(days == 1 ? "" : "s")")
            }
        }
    }
}
