import ArgumentParser
import GatehouseCore

/// Shows or changes the account's seat settings (works while the server runs).
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: "Show the account, or set its user limit and additional user subscriptions.")

    @OptionGroup var dataDir: DataDirectoryOption

    @Option(name: .customLong("user-limit"), help: "Users included in the plan.")
    var userLimit: Int?

    @Option(name: .customLong("additional-users"), help: "Additional user subscriptions, 0–20.")
    var additionalUsers: Int?
    @Option(name: .customLong("require-2fa"), help: "Require two-factor authentication of every user: on or off.")
    var requireTwoFactor: Toggle?

    enum Toggle: String, ExpressibleByArgument { case on, off }

    func run() async throws {
        let service = try dataDir.openServices().accounts.acting(as: .local)
        guard var account = try await service.accounts().first else {
            throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
        }
        if userLimit != nil || additionalUsers != nil {
            do {
                account = try await service.setSeats(
                    accountID: account.id, planUserLimit: userLimit, additionalUserSubscriptions: additionalUsers)
            } catch let error as GatehouseError {
                throw ValidationError(error.description)
            }
        }
        if let requireTwoFactor {
            account = try await service.setRequireTwoFactor(accountID: account.id, required: requireTwoFactor == .on)
        }
        emit("account_id=\(account.id)")
        emit("user_limit=\(account.planUserLimit)")
        emit("additional_users=\(account.additionalUserSubscriptions)")
        emit("seat_limit=\(SeatPolicy.limit(of: account))")
        emit("require_2fa=\(account.requireTwoFactor ? "on" : "off")")
    }
}
