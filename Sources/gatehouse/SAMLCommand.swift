import ArgumentParser
import Foundation
import GatehouseCore
import GatehouseSAML

/// The account's SAML single sign-on, from the command line: the same settings as Account Security, written
/// through the same service (as the operator), so they take effect on a running server at its next request.
struct SAMLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saml", abstract: "SAML single sign-on of the data directory's account.",
        subcommands: [Configure.self, Show.self, Disable.self])

    /// Runs `body` with the SAML service acting as the operator, on the data directory's account.
    static func withService<T>(_ dataDir: DataDirectoryOption, _ body: (SAMLService, String) async throws -> T) async throws -> T {
        do {
            let services = try dataDir.openServices()
            guard let account = try await services.accounts.accounts().first else {
                throw ValidationError("No account in \(dataDir.url.path): start the server once to create it.")
            }
            return try await body(services.saml.acting(as: .local), account.id)
        } catch let error as GatehouseError {
            throw ValidationError(error.description)
        } catch let rejection as SAMLRejection {
            throw ValidationError(rejection.message)
        }
    }

    struct Configure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trust an IdP (from its metadata XML) and turn SAML login on.",
            discussion: "Flags not given keep their current value; a first configuration is not enforced, takes no IdP-initiated logins and invites new users.")
        @OptionGroup var dataDir: DataDirectoryOption
        @Option(name: .customLong("idp-metadata"), help: "The IdP's SAML metadata XML file (entity id, SSO URL, signing certificates).")
        var metadata: String
        @Flag(inversion: .prefixedNo, help: "Refuse password sign-in to everyone but Master Admins.") var enforce: Bool?
        @Flag(name: .customLong("idp-initiated"), inversion: .prefixedNo, help: "Accept logins started at the IdP.") var idpInitiated: Bool?
        @Flag(name: .customLong("invite-new-users"), inversion: .prefixedNo, help: "Mail new users an invitation to set a Console password (when not enforced).")
        var inviteNewUsers: Bool?

        func run() async throws {
            let xml: String
            do { xml = try String(contentsOfFile: metadata, encoding: .utf8) } catch {
                throw ValidationError("Cannot read \(metadata): \(error.localizedDescription)")
            }
            let (enforce, idpInitiated, inviteNewUsers) = (self.enforce, self.idpInitiated, self.inviteNewUsers)
            let settings = try await SAMLCommand.withService(dataDir) { saml, accountID in
                let idp = try SAMLIdentityProviderMetadata.parse(xml)
                return try await saml.configure(accountID: accountID) { settings in
                    settings.identityProvider = idp
                    settings.enabled = true
                    if let enforce { settings.enforced = enforce }
                    if let idpInitiated { settings.idpInitiated = idpInitiated }
                    if let inviteNewUsers { settings.inviteNewUsers = inviteNewUsers }
                }
            }
            emit("SAML login on for account \(settings.accountID): IdP \(settings.identityProvider?.entityID ?? "")")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the SAML settings and what to give the IdP.")
        @OptionGroup var dataDir: DataDirectoryOption

        func run() async throws {
            let (settings, sp) = try await SAMLCommand.withService(dataDir) { saml, accountID in
                (try await saml.settings(accountID: accountID), saml.serviceProvider(accountID: accountID))
            }
            emit("saml: \(settings.isActive ? "on" : "off")")
            emit("enforced: \(settings.enforced ? "yes" : "no")")
            emit("idp_initiated: \(settings.idpInitiated ? "yes" : "no")")
            emit("invite_new_users: \(settings.inviteNewUsers ? "yes" : "no")")
            if let idp = settings.identityProvider {
                emit("idp_entity_id: \(idp.entityID)")
                emit("idp_sso_url: \(idp.ssoURL)")
                for certificate in idp.certificates { emit("idp_certificate_sha256: \(SAMLIdentityProvider.fingerprint(of: certificate))") }
            }
            emit("sp_entity_id: \(sp.entityID)")
            emit("sp_acs_url: \(sp.acsURL)")
            emit("sp_metadata_url: \(sp.metadataURL)")
            emit("sp_login_url: \(sp.loginURL)")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Turn SAML login off (the IdP stays configured; password sign-in works for all).")
        @OptionGroup var dataDir: DataDirectoryOption

        func run() async throws {
            let settings = try await SAMLCommand.withService(dataDir) { saml, accountID in
                try await saml.configure(accountID: accountID) { $0.enabled = false }
            }
            emit("SAML login off for account \(settings.accountID)")
        }
    }
}
