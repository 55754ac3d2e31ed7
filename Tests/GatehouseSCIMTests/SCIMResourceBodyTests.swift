import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIMResourceType.resource(fromBody:) and ServiceProviderConfig")
struct SCIMResourceBodyTests {
    static let users = SCIMCatalog.userResourceType

    @Test("Entra ID's create body: extension declared, meta and empty roles ignored")
    func entraCreate() throws {
        let body = SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "userName": "Test_User_ab64@testuser.com", "active": "True",
             "emails": [{"Primary": true, "type": "work", "value": "Test_User_fd0e@testuser.com"}], "meta": {"resourceType": "User"},
             "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"}, "roles": [],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"Department": "Sales", "manager": "m-1"}}
            """)
        let user = try Self.users.resource(fromBody: body)
        #expect(user == SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef", "userName": "Test_User_ab64@testuser.com", "active": true,
             "emails": [{"primary": true, "type": "work", "value": "Test_User_fd0e@testuser.com"}],
             "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales", "manager": {"value": "m-1"}}}
            """))
    }

    @Test("Okta's create body with Gatehouse's extension; PUT keeps id, meta and groups")
    func oktaCreateAndReplace() throws {
        let body = SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User"],
             "userName": "test.user@okta.local", "name": {"givenName": "Test", "familyName": "User"},
             "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}], "displayName": "Test User",
             "externalId": "00ujl29u0le5T6Aj10h7", "groups": [], "active": true, "id": "chosen-by-client",
             "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User": {"environments": "all", "roles": "*::cld::role::prodenv::ml_user"}}
            """)
        let created = try Self.users.resource(fromBody: body)
        #expect(created.scimMember("id") == nil)
        #expect(created.scimMember("groups") == nil)
        #expect(created.scimMember(SCIMCatalog.cloudinaryUserSchemaID)?.scimMember("environments") == .string("all"))

        var stored = created
        stored.setSCIMMember("id", to: .string("u-1"))
        stored.setSCIMMember("groups", to: SCIMFixtures.json(#"[{"value": "g-1"}]"#))
        stored.setSCIMMember("meta", to: SCIMFixtures.json(#"{"resourceType": "User", "version": "W/\"1\""}"#))
        let put = SCIMFixtures.json(
            #"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "test.user@okta.local", "emails": [{"value": "test.user@okta.local"}], "active": false}"#)
        let replaced = try Self.users.resource(fromBody: put, replacing: stored)
        #expect(replaced.scimMember("id") == .string("u-1"))
        #expect(replaced.scimMember("groups") == stored.scimMember("groups"))
        #expect(replaced.scimMember("meta") == stored.scimMember("meta"))
        #expect(replaced.scimMember("displayName") == nil)
        #expect(replaced.scimMember(SCIMCatalog.cloudinaryUserSchemaID) == nil)
        #expect(replaced.scimMember("active") == .bool(false))
    }

    @Test("bodies with undeclared attributes, wrong types or missing required attributes are refused")
    func refused() {
        let cases: [(String, SCIMError)] = [
            (#"{"userName": "a", "emails": [{"value": "a@b.c"}], "shoeSize": "44"}"#, .invalidSyntax("'shoeSize' is not an attribute of User resources")),
            (#"{"userName": "a", "emails": [{"value": "a@b.c"}], "name.givenName": "x"}"#, .invalidSyntax("'name.givenName' is not an attribute of User resources")),
            (#"{"userName": "a", "emails": [{"value": "a@b.c", "kind": "x"}]}"#, .invalidSyntax("'emails.kind' is not an attribute of User resources")),
            (#"{"userName": "a", "emails": [{"value": "a@b.c"}], "active": "yes"}"#, .invalidValue("'active' must be true or false")),
            (#"{"emails": [{"value": "a@b.c"}]}"#, .invalidValue("'userName' is required")),
            (#"{"userName": "a"}"#, .invalidValue("'emails' is required")),
            (#"{"userName": "a", "emails": []}"#, .invalidValue("'emails' is required")),
            (#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "userName": "a"}"#,
             .invalidSyntax(#"schemas must include "urn:ietf:params:scim:schemas:core:2.0:User""#)),
            (#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", 7], "userName": "a"}"#, .invalidSyntax("schemas lists a non-string")),
            (#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:x"], "userName": "a", "emails": [{"value": "a@b.c"}], "urn:example:x": {"c": 1}}"#,
             .invalidSyntax("'urn:example:x' is not an attribute of User resources")),
            (#"[]"#, .invalidSyntax("the body is not a JSON object")),
        ]
        for (body, error) in cases {
            #expect(throws: error, "\(body)") { try Self.users.resource(fromBody: SCIMFixtures.json(body)) }
        }
        #expect(throws: SCIMError.invalidValue("'displayName' is required")) {
            try SCIMCatalog.groupResourceType.resource(fromBody: SCIMFixtures.json(#"{"members": []}"#))
        }
    }

    @Test("Entra's work-email lookup filter, and the equality terms SQL can use")
    func entraLookupFilter() throws {
        let filter = try SCIMFilter(parsing: #"emails[type eq "work"].value eq "zoe@example.com""#, for: SCIMFixtures.rfcUserType)
        #expect(filter == .valuePath(
            SCIMAttributePath(attribute: "emails"),
            .and(.comparison(SCIMAttributePath(attribute: "type"), .eq, .string("work")), .comparison(SCIMAttributePath(attribute: "value"), .eq, .string("zoe@example.com")))))
        #expect(SCIMFixtures.ids(SCIMFixtures.users.filter { filter.matches($0, in: SCIMFixtures.rfcUserType) }) == [SCIMFilterEvaluationTests.z])
        #expect(throws: SCIMError.invalidFilter("expected a sub-attribute name after '].' at position 24")) {
            try SCIMFilter(parsing: #"emails[type eq "work"]. eq "x""#)
        }
        let terms = try #require(try SCIMFilter(parsing: #"userName eq "a" and externalId eq "b""#).stringEqualities)
        #expect(terms.map(\.path.attribute) == ["userName", "externalId"])
        #expect(terms.map(\.value) == ["a", "b"])
        #expect(try SCIMFilter(parsing: #"userName eq "a" or externalId eq "b""#).stringEqualities == nil)
        #expect(try SCIMFilter(parsing: #"userName co "a""#).stringEqualities == nil)
    }

    @Test("ServiceProviderConfig announces what the routes do")
    func serviceProviderConfig() {
        let config = SCIMServiceProviderConfig(maxResults: 100, documentationURI: "https://gatehouse.example/docs/scim").json(baseURL: "https://g.example/scim/v2")
        #expect(config.scimMember("patch") == SCIMFixtures.json(#"{"supported": true}"#))
        #expect(config.scimMember("bulk")?.scimMember("supported") == .bool(false))
        #expect(config.scimMember("filter") == SCIMFixtures.json(#"{"supported": true, "maxResults": 100}"#))
        #expect(config.scimMember("etag") == SCIMFixtures.json(#"{"supported": true}"#))
        #expect(config.scimMember("documentationUri") == .string("https://gatehouse.example/docs/scim"))
        #expect(config.scimMember("authenticationSchemes")?.arrayValue?.first?.scimMember("type") == .string("oauthbearertoken"))
        #expect(config.scimMember("meta")?.scimMember("location") == .string("https://g.example/scim/v2/ServiceProviderConfig"))
    }
}
