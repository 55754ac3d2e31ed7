import ArgumentParser
import Foundation
import GatehouseCore

/// SCIM tokens of the data directory's account, from the command line. They work on a running server at
/// its next request, like the other commands.
struct SCIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scim", abstract: "SCIM 2.0 provisioning of the data directory's account.", subcommands: [Token.self])

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bearer tokens for SCIM clients (Okta, Entra ID, …).", subcommands: [Create.self, List.self, Revoke.self])
    }

    /// Runs `body` with the account service acting as the operator, on the data directory's account.
    static func withAccount<T>(_ dataDir: DataDirectoryOption, _ body: (AccountService, String) async throws -> T) async throws -> T {
        do {
            let service = try dataDir.openServices().accounts.acting(as: .local)
            guard let account = try await service.accounts().first else {
                throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
            }
            return try await body(service, account.id)
        } catch let error as GatehouseError {
            throw ValidationError(error.description)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token holding the User Provisioning role; prints it once, on the last line (only a hash is kept).")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "A name for the token, unique in the account (e.g. the IdP's).") var name: String

        func run() async throws {
            let created = try await SCIMCommand.withAccount(dataDir) { service, accountID in
                try await service.createSCIMToken(name: name, accountID: accountID)
            }
            emit("SCIM token '\(created.key.name ?? name)' (principal provisioning_key \(created.key.key)); base URL: <server>/scim/v2")
            emit(created.token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the account's SCIM tokens (name, principal id, created).")
        @OptionGroup var dataDir: DataDirectoryOption

        func run() async throws {
            let tokens = try await SCIMCommand.withAccount(dataDir) { service, accountID in try await service.scimTokens(accountID: accountID) }
            for token in tokens {
                print("\(token.name ?? "-")\t\(token.key)\t\(Date.ISO8601FormatStyle().format(token.createdAt))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the SCIM token with this name; it stops working at once.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "The token's name.") var name: String

        func run() async throws {
            try await SCIMCommand.withAccount(dataDir) { service, accountID in try await service.revokeSCIMToken(named: name, accountID: accountID) }
            print("Revoked SCIM token '\(name)'.")
        }
    }
}
