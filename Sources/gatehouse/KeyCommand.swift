import ArgumentParser
import GatehouseCore

/// Account (provisioning) keys beyond the bootstrap one. New keys hold no roles until some are assigned.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Account (provisioning) keys.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a provisioning key with no roles; prints its account URL once (the secret is not stored).")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(help: "A name for the key.") var name: String?

        func run() async throws {
            let service = try dataDir.openServices().accounts.acting(as: .local)
            guard let account = try await service.accounts().first else {
                throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
            }
            let created = try await service.createProvisioningKey(accountID: account.id, name: name)
            emit("CLOUDINARY_ACCOUNT_URL=\(created.url)")
        }
    }
}
