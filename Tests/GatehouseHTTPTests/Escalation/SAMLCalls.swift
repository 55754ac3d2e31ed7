import Foundation
import GatehouseCore

/// SAML single sign-on's doors: Account Security's SAML form (only a Master Admin may trust an IdP, since the
/// IdP may then give what a Master Admin could), "Sign in with SSO" (writes nothing), the ACS receiving
/// IdP-initiated responses (from the configured IdP, or signed by a rogue key with its entity id) that create
/// users and give them roles from `CloudinaryRole`, and `gatehouse saml configure|disable`. The property run
/// holds the IdP to what its last configurer held (`EscalationPropertyTests`).
extension WriteCallGenerators {
    /// `CloudinaryRole` values the IdP may send: every form, the strongest roles, unknown ones.
    static func samlRoles(_ world: EscalationWorld) -> [String] {
        [
            "ACCOUNT::cld::role::account::master_admin", "ACCOUNT::cld::role::account::admin", "ACCOUNT::\(EscalationWorld.userManagerRole)",
            "*::cld::role::prodenv::master_admin", "\(world.env1.cloudName)::cld::role::prodenv::technical_admin",
            "\(world.env2.cloudName)::\(EscalationWorld.uploaderRole)", "master_admin", "admin", "tech_admin", "reports",
            "media_library_user", "nowhere::cld::role::prodenv::ml_user", "ACCOUNT::no_such_role",
        ]
    }

    static let samlPages: [String: Generate] = [
        "POST /console/security/saml": { rng, w, t in
            var fields: [String: String] = [:]
            if rng.chance(0.9) { fields["saml_enabled"] = "on" }
            if rng.chance(0.9) { fields["idp_initiated"] = "on" }
            // Rarely enforced: while it is, only Master Admins sign in to the Console with a password.
            if rng.chance(0.1) { fields["saml_enforced"] = "on" }
            if rng.chance(0.5) { fields["invite_new_users"] = "on" }
            if rng.chance(0.4) {
                let idp = rng.chance(0.5) ? w.idp : w.rogueIdP
                fields["idp_entity_id"] = idp.entityID
                fields["idp_sso_url"] = idp.identityProvider.ssoURL
                fields["idp_certificate"] = idp.certificatePEM
            }
            return personCall("POST /console/security/saml", "/console/security/saml", fields, &rng, t)
        },
        "POST /console/sso": { rng, _, t in
            consoleCall("POST /console/sso", "/console/sso", ["email": rng.pick(t.users.map(\.email)) ?? "nobody@example.com"], browser(&rng, actingFor: nil))
        },
        "POST /saml/{account_id}/acs": { rng, w, t in
            let email = rng.chance(0.6) ? rng.pick(t.users.map(\.email)) ?? "root@example.com" : "saml\(rng.next() % 1000)@example.com"
            var attributes: [String: [String]] = [:]
            if rng.chance(0.8) { attributes["CloudinaryRole"] = rng.subset(samlRoles(w), max: 4) }
            if rng.chance(0.5) { attributes["CloudinarySubAccounts"] = rng.subset([w.env1.cloudName, w.env2.cloudName, "unknown-cloud"], max: 2) }
            if rng.chance(0.3) { attributes["firstName"] = ["Sam"]; attributes["lastName"] = ["Sso"] }
            let signer = rng.chance(0.85) ? w.idp : w.rogueIdP
            let sp = w.app.services.saml.serviceProvider(accountID: w.accountID)
            guard let posted = try? signer.response(email: email, attributes: attributes, to: sp) else { return nil }
            return WriteCall(
                route: "POST /saml/{account_id}/acs",
                door: .http(method: .post, uri: "/saml/\(w.accountID)/acs", body: form(["SAMLResponse": posted])),
                caller: .identityProvider(entityID: signer.entityID))
        },
        "command saml configure": { rng, w, _ in
            let idp = w.idp.identityProvider
            let enforce = rng.chance(0.1)
            return WriteCall(route: "command saml configure", door: .command("saml configure --idp-metadata idp.xml\(enforce ? " --enforce" : "")") { services in
                _ = try await services.saml.acting(as: .local).configure(accountID: TestApp.account) { settings in
                    settings.identityProvider = idp
                    settings.enabled = true
                    settings.idpInitiated = true
                    settings.enforced = enforce
                }
            }, caller: .local)
        },
        "command saml disable": { _, _, _ in
            WriteCall(route: "command saml disable", door: .command("saml disable") { services in
                _ = try await services.saml.acting(as: .local).configure(accountID: TestApp.account) { $0.enabled = false }
            }, caller: .local)
        },
    ]
}
