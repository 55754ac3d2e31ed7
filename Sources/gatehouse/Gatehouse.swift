import ArgumentParser

@main
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Self-hosted account and access service that speaks Cloudinary's Provisioning and Permissions APIs.",
        subcommands: [Serve.self, AccountCommand.self, UserCommand.self, KeyCommand.self, CedarCommand.self, AuditCommand.self, SAMLCommand.self, SCIMCommand.self,
            BackupCommand.self, RestoreCommand.self, MigrateCommand.self],
        defaultSubcommand: Serve.self)
}
