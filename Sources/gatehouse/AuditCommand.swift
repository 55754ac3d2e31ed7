import ArgumentParser
import GatehouseCore

/// Reads, verifies and prunes the audit log. Only `prune` writes, and only as the operator (the guard
/// refuses it to anyone else), so the escalation property test needs no generator for these.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, export, verify and prune the audit log.",
        subcommands: [Verify.self, List.self, Export.self, Prune.self])

    /// Walks the whole chain in one read transaction (`AuditChain.verify`, the function the tests call),
    /// from the newest retention checkpoint, whose signature the data directory's key must accept.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no event was altered, removed or reordered; exits non-zero naming the first that was.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(name: .customLong("public-key"), help: "Check retention checkpoints with this key (base64, as `audit prune` prints it) instead of the data directory's.")
        var publicKey: String?

        func validate() throws {
            if let publicKey, (try? AuditVerifyingKey(base64: publicKey)) == nil {
                throw ValidationError("--public-key is not a base64 Ed25519 public key")
            }
        }

        func run() async throws {
            let key = try publicKey.map(AuditVerifyingKey.init(base64:))
            let result = try await dataDir.openServices().audit.verify(key: key)
            switch result {
            case .intact(let count):
                emit("Verified \(count) events: the chain is intact")
            case .broken(let id, let sequence, let reason):
                emit("Broken at event \(id) (sequence \(sequence)): \(reason)")
                throw ExitCode(1)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the account's recent events matching the filters, newest first, as JSON lines.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(name: .customLong("max-results"), help: "How many events, 1–500 (default 100).")
        var maxResults: Int = 100
        @OptionGroup var filters: AuditFilterOptions

        func validate() throws {
            guard (1...500).contains(maxResults) else { throw ValidationError("--max-results must be between 1 and 500") }
        }

        func run() async throws {
            let services = try dataDir.openServices()
            let query = try await filters.query(services, dataDir: dataDir, limit: maxResults)
            for event in try await services.audit.events(query) {
                emit(AuditCanonicalEncoding.json(event.jsonValue))
            }
        }
    }
}
