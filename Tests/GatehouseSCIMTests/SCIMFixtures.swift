import GatehouseCore
import GatehouseSCIM
import Testing

/// Sample resources and a fuller User type for the RFC's own filter examples.
enum SCIMFixtures {
    static func json(_ text: String) -> JSONValue {
        do {
            return try JSONValue(parsing: Array(text.utf8))
        } catch {
            Issue.record("fixture JSON does not parse: \(error)\n\(text)")
            return .null
        }
    }

    /// Gatehouse's User type plus attributes of the RFC's examples it does not publish (numbers, a password).
    static let rfcUserType: SCIMResourceType = {
        var type = SCIMCatalog.userResourceType
        type.schema.attributes += [
            SCIMAttribute("loginCount", type: .integer),
            SCIMAttribute("score", type: .decimal),
            SCIMAttribute("password", mutability: .writeOnly, returned: .never),
            SCIMAttribute("secretNote", returned: .request),
        ]
        return type
    }()

    static let bjensen = json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id": "2819c223-7f76-453a-919d-413861904646", "externalId": "bjensen",
         "userName": "bjensen@example.com", "displayName": "Babs Jensen", "active": true,
         "title": "Tour Guide", "userType": "Employee", "loginCount": 12, "score": 4.5,
         "name": {"formatted": "Ms. Barbara J Jensen III", "familyName": "Jensen", "givenName": "Barbara"},
         "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}],
         "ims": [{"value": "babs@foo.com", "type": "xmpp"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "701984", "department": "Tour Operations",
             "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}},
         "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z",
                  "version": "W/\\"3694e05e9dff591\\"", "location": "https://example.com/v2/Users/2819c223"}}
        """)

    static let omalley = json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
         "id": "c75ad752-64ae-4823-840d-ffa80929976c", "userName": "JOMalley", "active": false,
         "userType": "Intern", "loginCount": 3,
         "name": {"familyName": "O'Malley", "givenName": "Jim"},
         "emails": [{"value": "jim@example.org", "type": "work"}],
         "meta": {"resourceType": "User", "created": "2011-05-13T06:42:34+02:00", "lastModified": "2011-05-14T00:00:00.5Z"}}
        """)

    static let zoe = json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
         "id": "0e5c7f7e-0000-4000-8000-000000000003", "userName": "zoe", "displayName": "zoë",
         "title": "", "userType": "Contractor",
         "emails": [{"value": "Zoe@Example.COM", "type": "work"}, {"value": "zoe@elsewhere.net", "type": "other"}],
         "meta": {"resourceType": "User", "created": "2012-01-01T00:00:00Z", "lastModified": "2012-01-01T00:00:00Z"}}
        """)

    static let users = [bjensen, omalley, zoe]

    static let group = json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
         "id": "e9e30dba-f08f-4109-8486-d5c6a331660a", "displayName": "Tour Guides",
         "members": [{"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
                     {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}],
         "meta": {"resourceType": "Group", "created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"}}
        """)

    static func ids(_ resources: [JSONValue]) -> [String] {
        resources.compactMap { $0.scimMember("id")?.stringValue }
    }
}

