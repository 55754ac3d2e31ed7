import GatehouseCore

/// Reads an IdP's SAML metadata: its entity id, its HTTP-Redirect SSO endpoint and its signing certificates.
public enum SAMLIdentityProviderMetadata {
    /// Metadata larger than this is refused before parsing (federation aggregates are not supported).
    public static let maximumSize = 1024 * 1024

    public static func parse(_ xml: String) throws(SAMLRejection) -> SAMLIdentityProvider {
        let md = SAMLNamespace.metadata
        guard xml.utf8.count <= maximumSize else {
            throw SAMLRejection("too_large", "The metadata is larger than \(maximumSize / 1024) KiB.")
        }
        let document = try SAMLXMLDocument(bytes: Array(xml.utf8))
        guard let root = document.root else { throw SAMLRejection("malformed", "The metadata is empty.") }
        let entity: SAMLNode
        if root.is("EntityDescriptor", in: md) {
            entity = root
        } else if root.is("EntitiesDescriptor", in: md),
            let first = root.descendantsAndSelf.first(where: { $0.is("EntityDescriptor", in: md) && $0.child("IDPSSODescriptor", in: md) != nil })
        {
            entity = first
        } else {
            throw SAMLRejection("malformed", "The metadata has no EntityDescriptor for an identity provider.")
        }
        guard let entityID = entity.attribute("entityID")?.trimmingCharacters(in: .whitespacesAndNewlines), !entityID.isEmpty else {
            throw SAMLRejection("malformed", "The metadata's EntityDescriptor has no entityID.")
        }
        guard let idp = entity.child("IDPSSODescriptor", in: md) else {
            throw SAMLRejection("malformed", "The metadata describes no identity provider (no IDPSSODescriptor).")
        }
        guard
            let ssoURL = idp.children("SingleSignOnService", in: md)
                .first(where: { $0.attribute("Binding") == SAMLNamespace.bindingRedirect })?.attribute("Location"),
            !ssoURL.isEmpty
        else {
            throw SAMLRejection("malformed", "The identity provider offers no SingleSignOnService with the HTTP-Redirect binding.")
        }
        var certificates: [String] = []
        for descriptor in idp.children("KeyDescriptor", in: md) {
            let use = descriptor.attribute("use")
            guard use == nil || use == "signing" else { continue }
            let texts = descriptor.descendantsAndSelf.filter { $0.is("X509Certificate", in: SAMLNamespace.xmldsig) }
            for text in texts {
                let certificate = try SAMLCertificate.normalize(text.textContent)
                if !certificates.contains(certificate) { certificates.append(certificate) }
            }
        }
        guard !certificates.isEmpty else {
            throw SAMLRejection("malformed", "The identity provider's metadata has no signing certificate.")
        }
        return SAMLIdentityProvider(entityID: entityID, ssoURL: ssoURL.trimmingCharacters(in: .whitespacesAndNewlines), certificates: certificates)
    }
}
