import ArgumentParser
import GatehouseCore

/// Admin actions on users that have no Provisioning API call.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "User administration.", subcommands: [Activate.self])

    /// Stands in for the invitation link until invitations are built: the user becomes `active`.
    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a pending user as having accepted the invitation.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Argument(help: "The user's email.") var email: String

        func run() async throws {
            do {
                let user = try await dataDir.openServices().accounts.acting(as: .local).activateUser(email: email)
                emit("\(user.id) \(user.email) \(user.status.rawValue)")
            } catch let error as GatehouseError {
                throw ValidationError(error.description)
            }
        }
    }
}
