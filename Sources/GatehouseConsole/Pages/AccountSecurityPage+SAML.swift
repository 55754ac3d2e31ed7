import GatehouseCore
import GatehouseHTTP
import GatehouseSAML
import Hummingbird

/// Account Security's SAML section: turn single sign-on on or off, enforce it, accept IdP-initiated logins,
/// invite new users or not, and the IdP from its metadata or from its entity id, SSO URL and certificates.
extension AccountSecurityPage {
    static let samlNotices = ["saml-saved": "Single sign-on settings saved."]

    func setSAML(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.accountView, .accountUpdate], limits: .document) { visitor, form in
            do {
                let idp = try Self.identityProvider(from: form)
                _ = try await visitor.saml.configure(accountID: visitor.accountID) { settings in
                    settings.enabled = form.has("saml_enabled")
                    settings.enforced = form.has("saml_enforced")
                    settings.idpInitiated = form.has("idp_initiated")
                    settings.inviteNewUsers = form.has("invite_new_users")
                    if let idp { settings.identityProvider = idp }
                }
            } catch {
                // An IdP read from pasted metadata is told about next to the metadata, not next to the empty fields.
                let fromMetadata = !form["idp_metadata"].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                let fields = fromMetadata ? ["idp_entity_id": "idp_metadata", "idp_sso_url": "idp_metadata", "idp_certificate": "idp_metadata"] : [:]
                return try await render(visitor, problem: console.problem(error, request: request, fields: fields), request: request)
            }
            return console.redirect("/console/security?notice=saml-saved")
        }
    }

    /// The IdP the form describes: pasted metadata wins; else the three fields; nil when the form leaves it as it is.
    static func identityProvider(from form: ConsoleForm) throws -> SAMLIdentityProvider? {
        let metadata = form["idp_metadata"].trimmingCharacters(in: .whitespacesAndNewlines)
        if !metadata.isEmpty {
            do { return try SAMLIdentityProviderMetadata.parse(metadata) } catch {
                throw GatehouseError.invalidField(field: "idp_metadata", reason: error.message)
            }
        }
        let entityID = form["idp_entity_id"].trimmingCharacters(in: .whitespacesAndNewlines)
        let ssoURL = form["idp_sso_url"].trimmingCharacters(in: .whitespacesAndNewlines)
        let certificates = ["idp_certificate", "idp_certificate_2"]
            .map { (field: $0, text: form[$0].trimmingCharacters(in: .whitespacesAndNewlines)) }.filter { !$0.text.isEmpty }
        if entityID.isEmpty, ssoURL.isEmpty, certificates.isEmpty { return nil }
        var normalized: [String] = []
        for (field, text) in certificates {
            do { normalized.append(try SAMLCertificate.normalize(text)) } catch {
                throw GatehouseError.invalidField(field: field, reason: error.message)
            }
        }
        return SAMLIdentityProvider(entityID: entityID, ssoURL: ssoURL, certificates: normalized)
    }

    /// What the SAML section shows.
    func samlValues(_ visitor: Visitor) async throws -> [String: Any] {
        let saml = visitor.saml
        let settings = try await saml.settings(accountID: visitor.accountID)
        let sp = saml.serviceProvider(accountID: visitor.accountID)
        var values: [String: Any] = [
            "samlEnabled": settings.enabled, "samlEnforced": settings.enforced, "idpInitiated": settings.idpInitiated,
            "inviteNewUsers": settings.inviteNewUsers, "samlActive": settings.isActive,
            "sp": ["entityID": sp.entityID, "acsURL": sp.acsURL, "metadataURL": sp.metadataURL, "loginURL": sp.loginURL],
        ]
        if let idp = settings.identityProvider {
            values["idp"] = [
                "entityID": idp.entityID, "ssoURL": idp.ssoURL,
                "certificates": idp.certificates.map { ["fingerprint": SAMLIdentityProvider.fingerprint(of: $0)] },
            ]
        }
        return values
    }
}
