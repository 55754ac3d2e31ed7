extension SAMLService {
    /// Attribute names IdPs use for the email, first name, last name and full name (Okta's and Keycloak's
    /// short names, Entra ID's claim URIs, the LDAP/eduPerson OIDs).
    static let emailAttributes = [
        "email", "mail", "emailAddress", "Email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
    ]
    static let firstNameAttributes = [
        "firstName", "givenName", "given_name", "FirstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
    ]
    static let lastNameAttributes = [
        "lastName", "surname", "sn", "family_name", "LastName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
    ]
    static let displayNameAttributes = [
        "displayName", "name", "http://schemas.microsoft.com/identity/claims/displayname",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "urn:oid:2.16.840.1.113730.3.1.241",
    ]
    static let emailFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

    static func first(_ names: [String], in assertion: SAMLAssertion) -> String? {
        for name in names {
            if let value = assertion.attributes[name]?.first(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                return value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }

    /// The NameID when it is an email (its format says so, or it reads as one), else an email attribute.
    static func email(of assertion: SAMLAssertion) throws(SAMLRejection) -> String {
        var candidates: [String] = []
        if assertion.nameIDFormat == emailFormat || assertion.nameID.contains("@") { candidates.append(assertion.nameID) }
        if let attribute = first(emailAttributes, in: assertion) { candidates.append(attribute) }
        for candidate in candidates {
            if let email = try? EmailRule.validated(candidate) { return email }
        }
        throw SAMLRejection(
            "no_email", "The identity provider sent no email address: send it as the NameID (format emailAddress) or as an email attribute.")
    }

    /// First and last name, else the display name; nil when the IdP sent none.
    static func displayName(of assertion: SAMLAssertion) -> String? {
        let parts = [first(firstNameAttributes, in: assertion), first(lastNameAttributes, in: assertion)].compactMap { $0 }
        let name = parts.isEmpty ? first(displayNameAttributes, in: assertion) : parts.joined(separator: " ")
        return name.flatMap { try? FieldRules.name($0) }
    }
}
