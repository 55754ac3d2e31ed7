import ArgumentParser
import GatehouseCore

/// Admin actions on a user's sign-in, by email; the operator's, through the same services as the Console.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "User administration.",
        subcommands: [ResendInvite.self, ResetPassword.self, ForceLogout.self, Activate.self])

    /// Runs `action` on the user with this email in the data directory's account.
    static func act(
        _ dataDir: DataDirectoryOption, email: String, _ action: (IdentityService, User) async throws -> Void
    ) async throws -> User {
        do {
            let services = try dataDir.openServices()
            guard let account = try await services.accounts.accounts().first else {
                throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
            }
            let identity = services.identity.acting(as: .local)
            let user = try await identity.user(email: email, accountID: account.id)
            try await action(identity, user)
            return user
        } catch let error as GatehouseError {
            throw ValidationError(error.description)
        }
    }

    struct ResendInvite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resend-invite", abstract: "Send a pending user a new invitation link (the old one stops working).")
        @OptionGroup var dataDir: DataDirectoryOption
        @Argument(help: "The user's email.") var email: String

        func run() async throws {
            let user = try await UserCommand.act(dataDir, email: email) { try await $0.resendInvitation(userID: $1.id, accountID: $1.accountID) }
            emit("Invitation sent to \(user.email)")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "End the user's sessions, void its password and mail it a reset link.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Argument(help: "The user's email.") var email: String

        func run() async throws {
            let user = try await UserCommand.act(dataDir, email: email) { try await $0.resetPassword(userID: $1.id, accountID: $1.accountID) }
            emit("Password reset for \(user.email): sessions ended, reset link sent")
        }
    }

    struct ForceLogout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "force-logout", abstract: "End every session of the user, at once.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Argument(help: "The user's email.") var email: String

        func run() async throws {
            let user = try await UserCommand.act(dataDir, email: email) { try await $0.forceLogout(userID: $1.id, accountID: $1.accountID) }
            emit("Signed out \(user.email) everywhere")
        }
    }

    /// Marks a pending user active without its invitation.
    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a pending user active without its invitation.")
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
