import GatehouseCore

/// The schemas and resource types Gatehouse publishes.
///
/// The User schema lists only what Gatehouse stores (issue 15): an attribute missing here is answered with a 400
/// rather than accepted and silently dropped, so an IdP mapping that sends it shows up at once.
public enum SCIMCatalog {
    public static let userSchemaID = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let groupSchemaID = "urn:ietf:params:scim:schemas:core:2.0:Group"
    public static let enterpriseUserSchemaID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    public static let cloudinaryUserSchemaID = "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User"

    public static let user = SCIMSchema(
        id: userSchemaID, name: "User", description: "User Account",
        attributes: [
            SCIMAttribute(
                "userName", description: "Unique identifier for the User, unique case-insensitively.", required: true,
                uniqueness: .server),
            SCIMAttribute(
                "name", type: .complex, description: "The components of the user's name.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full name, formatted for display."),
                    SCIMAttribute("familyName", description: "The family name."),
                    SCIMAttribute("givenName", description: "The given name."),
                    SCIMAttribute("middleName", description: "The middle name(s)."),
                    SCIMAttribute("honorificPrefix", description: "Honorific prefix, e.g. 'Ms.'."),
                    SCIMAttribute("honorificSuffix", description: "Honorific suffix, e.g. 'III'."),
                ]),
            SCIMAttribute("displayName", description: "The name displayed to end users."),
            SCIMAttribute("active", type: .boolean, description: "false suspends the user; true restores them."),
            SCIMAttribute(
                "emails", type: .complex, multiValued: true, description: "Email addresses; the primary one signs in.",
                required: true,
                subAttributes: [
                    SCIMAttribute("value", description: "The email address.", required: true),
                    SCIMAttribute("display", description: "A label for display."),
                    SCIMAttribute("type", description: "The email's function.", canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute("primary", type: .boolean, description: "The user's sign-in email."),
                ]),
            // The rest of RFC 7643 §4.1's User, kept as sent: identity providers map these by default (Entra's
            // title, phoneNumbers, addresses, preferredLanguage; Okta's locale), so they are declared, not refused.
            // `password` is not: Gatehouse passwords are set by their owner through an invitation or reset.
            SCIMAttribute("nickName", description: "The casual way to address the user."),
            SCIMAttribute("profileUrl", type: .reference, description: "The user's online profile.", referenceTypes: ["external"]),
            SCIMAttribute("title", description: "The user's title, e.g. 'Vice President'."),
            SCIMAttribute("userType", description: "The relationship to the organization, e.g. 'Employee'."),
            SCIMAttribute("preferredLanguage", description: "Preferred written or spoken language, e.g. 'en-US'."),
            SCIMAttribute("locale", description: "Default location for localizing, e.g. 'en-US'."),
            SCIMAttribute("timezone", description: "The user's time zone, e.g. 'America/Los_Angeles'."),
            Self.plural("phoneNumbers", "Phone numbers.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
            Self.plural("ims", "Instant messaging addresses.", types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
            Self.plural("photos", "URLs of photos of the user.", types: ["photo", "thumbnail"], valueType: .reference),
            SCIMAttribute(
                "addresses", type: .complex, multiValued: true, description: "Physical mailing addresses.",
                subAttributes: [
                    SCIMAttribute("formatted", description: "The full mailing address."),
                    SCIMAttribute("streetAddress", description: "The street address."),
                    SCIMAttribute("locality", description: "The city or locality."),
                    SCIMAttribute("region", description: "The state or region."),
                    SCIMAttribute("postalCode", description: "The zip or postal code."),
                    SCIMAttribute("country", description: "The country (ISO 3166-1 alpha-2)."),
                    SCIMAttribute("type", description: "The address's function.", canonicalValues: ["work", "home", "other"]),
                    SCIMAttribute("primary", type: .boolean, description: "The primary address."),
                ]),
            Self.plural("entitlements", "Entitlements of the user (kept as sent).", types: []),
            Self.plural("roles", "Roles of the user (kept as sent; Gatehouse roles come from the Cloudinary extension).", types: []),
            Self.plural("x509Certificates", "Certificates of the user (kept as sent).", types: [], valueType: .binary),
            SCIMAttribute(
                "groups", type: .complex, multiValued: true, description: "The groups the user belongs to.",
                mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("value", description: "The group's id.", caseExact: true, mutability: .readOnly),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The group's URI.", caseExact: true, mutability: .readOnly,
                        referenceTypes: ["Group"]),
                    SCIMAttribute("display", description: "The group's displayName.", mutability: .readOnly),
                    SCIMAttribute(
                        "type", description: "direct or indirect.", mutability: .readOnly, canonicalValues: ["direct", "indirect"]),
                ]),
        ])

    /// A multi-valued attribute of RFC 7643's usual shape: value, display, type, primary.
    static func plural(_ name: String, _ description: String, types: [String], valueType: SCIMAttribute.DataType = .string) -> SCIMAttribute {
        SCIMAttribute(
            name, type: .complex, multiValued: true, description: description,
            subAttributes: [
                SCIMAttribute("value", type: valueType, description: "The value."),
                SCIMAttribute("display", description: "A label for display."),
                SCIMAttribute("type", description: "The value's function.", canonicalValues: types),
                SCIMAttribute("primary", type: .boolean, description: "The primary value."),
            ])
    }

    public static let enterpriseUser = SCIMSchema(
        id: enterpriseUserSchemaID, name: "EnterpriseUser", description: "Enterprise User",
        attributes: [
            SCIMAttribute("employeeNumber", description: "Identifier assigned by the organization."),
            SCIMAttribute("costCenter", description: "Name of a cost center."),
            SCIMAttribute("organization", description: "Name of an organization."),
            SCIMAttribute("division", description: "Name of a division."),
            SCIMAttribute("department", description: "Name of a department."),
            SCIMAttribute(
                "manager", type: .complex, description: "The user's manager.",
                subAttributes: [
                    SCIMAttribute("value", description: "The manager's id.", caseExact: true),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The manager's URI.", caseExact: true, referenceTypes: ["User"]),
                    SCIMAttribute("displayName", description: "The manager's displayName.", mutability: .readOnly),
                ]),
        ])

    /// Product environment access and roles, in the same syntax as the SAML attributes so an IdP admin maps both
    /// the same way.
    public static let cloudinaryUser = SCIMSchema(
        id: cloudinaryUserSchemaID, name: "CloudinaryUser", description: "Cloudinary product environment access",
        attributes: [
            SCIMAttribute(
                "environments",
                description: "Comma-separated product environment cloud names the user may use, or 'all'."),
            SCIMAttribute(
                "roles", description: "Comma-separated Cloudinary roles, e.g. '*::cld::role::prodenv::ml_user'.",
                caseExact: true),
        ])

    public static let group = SCIMSchema(
        id: groupSchemaID, name: "Group", description: "Group",
        attributes: [
            SCIMAttribute("displayName", description: "The group's name.", required: true, uniqueness: .server),
            SCIMAttribute(
                "members", type: .complex, multiValued: true, description: "The users in the group.",
                subAttributes: [
                    SCIMAttribute("value", description: "The member's id.", caseExact: true, mutability: .immutable),
                    SCIMAttribute(
                        "$ref", type: .reference, description: "The member's URI.", caseExact: true, mutability: .immutable,
                        referenceTypes: ["User"]),
                    SCIMAttribute("display", description: "The member's name.", mutability: .readOnly),
                    SCIMAttribute("type", description: "The member's resource type.", mutability: .immutable, canonicalValues: ["User"]),
                ]),
        ])

    public static let userResourceType = SCIMResourceType(
        id: "User", name: "User", endpoint: "/Users", description: "User Account", schema: user,
        extensions: [.init(schema: enterpriseUser), .init(schema: cloudinaryUser)])

    public static let groupResourceType = SCIMResourceType(
        id: "Group", name: "Group", endpoint: "/Groups", description: "Group", schema: group)

    public static let resourceTypes = [userResourceType, groupResourceType]

    /// Every published schema, in `/Schemas` order.
    public static let schemas = [user, enterpriseUser, cloudinaryUser, group]

    /// The `ListResponse` a SCIM list endpoint answers with, e.g. `GET /Schemas`.
    public static func listResponse(_ resources: [JSONValue], totalResults: Int? = nil, startIndex: Int = 1) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:api:messages:2.0:ListResponse")]),
            "totalResults": .integer(Int64(totalResults ?? resources.count)),
            "startIndex": .integer(Int64(startIndex)),
            "itemsPerPage": .integer(Int64(resources.count)),
            "Resources": .array(resources),
        ])
    }

    /// `GET /Schemas`.
    public static func schemasJSON(baseURL: String) -> JSONValue {
        listResponse(schemas.map { $0.json(baseURL: baseURL) })
    }

    /// `GET /ResourceTypes`.
    public static func resourceTypesJSON(baseURL: String) -> JSONValue {
        listResponse(resourceTypes.map { $0.json(baseURL: baseURL) })
    }
}
