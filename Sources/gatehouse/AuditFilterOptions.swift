import ArgumentParser
import GatehouseCore

/// The filters `gatehouse audit list` and `export` share, checked by Core's `AuditFilterInput` as the HTTP
/// endpoint's query parameters are, so both doors refuse the same input with the same words.
struct AuditFilterOptions: ParsableArguments {
    @Option(name: .customLong("actor-id"), help: "Only events made by this actor (a user, key, or `cli`).")
    var actorID: String?
    @Option(name: .customLong("target-id"), help: "Only events about this user, group, role, key, environment, ...")
    var targetID: String?
    @Option(help: "Only this action, e.g. user.create, group.member.add, role.assign.")
    var action: String?
    @Option(help: "success or failure.")
    var outcome: String?
    @Option(help: "Events at or after this ISO 8601 time (2026-11-30T12:00:00Z) or day (2026-11-30, UTC).")
    var from: String?
    @Option(help: "Events at or before this ISO 8601 time or day (the whole day, UTC).")
    var to: String?
    @Flag(name: .customLong("outside-accounts"), help: "Instead of the account's events, those of no account: failed sign-ins with an email no one has.")
    var outsideAccounts = false

    var input: AuditFilterInput {
        AuditFilterInput(actorID: actorID, targetID: targetID, action: action, outcome: outcome, from: from, to: to)
    }

    func validate() throws {
        // Core names the field (`outcome`, `from`, `to`); here it is an option.
        do { _ = try input.query(accountID: "") } catch { throw ValidationError("--" + String(describing: error)) }
    }

    /// The query for the data directory's account (the one `serve` created), or for no account.
    func query(_ services: GatehouseServices, dataDir: DataDirectoryOption, limit: Int) async throws -> AuditQuery {
        if outsideAccounts { return try input.query(accountID: "", limit: limit) }
        guard let account = try await services.accounts.accounts().first else {
            throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
        }
        return try input.query(accountID: account.id, limit: limit)
    }
}
