import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIM schemas, resource types and errors")
struct SCIMSchemaTests {
    static let base = "https://gatehouse.example/scim/v2"

    @Test("/Schemas lists the four published schemas with RFC 7643 §7 attribute characteristics")
    func schemasEndpoint() throws {
        let list = SCIMCatalog.schemasJSON(baseURL: Self.base)
        #expect(list.scimMember("schemas") == .array([.string("urn:ietf:params:scim:api:messages:2.0:ListResponse")]))
        #expect(list.scimMember("totalResults") == .integer(4))
        let resources = try #require(list.scimMember("Resources")?.arrayValue)
        #expect(resources.compactMap { $0.scimMember("id")?.stringValue } == [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User",
            "urn:ietf:params:scim:schemas:core:2.0:Group",
        ])
        let user = resources[0]
        #expect(user.scimMember("meta") == SCIMFixtures.json(
            #"{"resourceType": "Schema", "location": "https://gatehouse.example/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"}"#))
        let attributes = try #require(user.scimMember("attributes")?.arrayValue)
        let userName = try #require(attributes.first { $0.scimMember("name") == .string("userName") })
        #expect(userName == SCIMFixtures.json(
            """
            {"name": "userName", "type": "string", "multiValued": false, "description": "Unique identifier for the User, unique case-insensitively.",
             "required": true, "caseExact": false, "mutability": "readWrite", "returned": "default", "uniqueness": "server"}
            """))
        let emails = try #require(attributes.first { $0.scimMember("name") == .string("emails") })
        #expect(emails.scimMember("multiValued") == .bool(true))
        #expect(emails.scimMember("required") == .bool(true))
        #expect(emails.scimMember("subAttributes")?.arrayValue?.count == 4)
        let groups = try #require(attributes.first { $0.scimMember("name") == .string("groups") })
        #expect(groups.scimMember("mutability") == .string("readOnly"))
        let ref = try #require(groups.scimMember("subAttributes")?.arrayValue?.first { $0.scimMember("name") == .string("$ref") })
        #expect(ref.scimMember("referenceTypes") == .array([.string("Group")]))
        // Common attributes are not listed (RFC 7643 §3.1).
        #expect(!attributes.contains { $0.scimMember("name") == .string("id") })

        let ours = try #require(resources[2].scimMember("attributes")?.arrayValue)
        #expect(ours.compactMap { $0.scimMember("name")?.stringValue } == ["environments", "roles"])
        #expect(ours.allSatisfy { $0.scimMember("type") == .string("string") && $0.scimMember("multiValued") == .bool(false) })
    }

    @Test("/ResourceTypes: User with both extensions, Group")
    func resourceTypesEndpoint() throws {
        let list = SCIMCatalog.resourceTypesJSON(baseURL: Self.base)
        let resources = try #require(list.scimMember("Resources")?.arrayValue)
        #expect(resources.count == 2)
        #expect(resources[0] == SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User", "endpoint": "/Users",
             "description": "User Account", "schema": "urn:ietf:params:scim:schemas:core:2.0:User",
             "schemaExtensions": [{"schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "required": false},
                                  {"schema": "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User", "required": false}],
             "meta": {"resourceType": "ResourceType", "location": "https://gatehouse.example/scim/v2/ResourceTypes/User"}}
            """))
        #expect(resources[1].scimMember("endpoint") == .string("/Groups"))
        #expect(resources[1].scimMember("schemaExtensions") == .array([]))
    }

    @Test("resolution: case-insensitive, URN-qualified, unqualified extension names, undeclared detected")
    func resolution() throws {
        let type = SCIMCatalog.userResourceType
        let r1 = try #require(type.resolve(SCIMAttributePath(attribute: "USERNAME")))
        #expect(r1.attribute.name == "userName" && r1.container == nil)
        let p2 = try #require(SCIMAttributePath("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName"))
        let r2 = try #require(type.resolve(p2))
        #expect(r2.target.name == "givenName" && r2.container == nil)
        let p3 = try #require(SCIMAttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"))
        #expect(type.resolve(p3)?.container == SCIMCatalog.enterpriseUserSchemaID)
        // Unqualified names are core only: Entra's `roles` is the core multi-valued one, not our extension's.
        #expect(type.resolve(SCIMAttributePath(attribute: "employeeNumber")) == nil)
        #expect(type.resolve(SCIMAttributePath(attribute: "roles"))?.attribute.multiValued == true)
        #expect(type.resolve(SCIMAttributePath(attribute: "roles"))?.container == nil)
        let p4 = try #require(SCIMAttributePath("urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User:ROLES"))
        let r4 = try #require(type.resolve(p4))
        #expect(r4.attribute.name == "roles" && r4.attribute.caseExact)
        let r5 = try #require(type.resolve(SCIMAttributePath(attribute: "meta", subAttribute: "lastModified")))
        #expect(r5.target.type == .dateTime)
        #expect(type.resolve(SCIMAttributePath(attribute: "shoeSize")) == nil)
        #expect(type.resolve(SCIMAttributePath(attribute: "name", subAttribute: "nick")) == nil)
        let other = try #require(SCIMAttributePath("urn:example:other:User:userName"))
        #expect(type.resolve(other) == nil)
        let groupName = try #require(SCIMAttributePath("urn:ietf:params:scim:schemas:core:2.0:Group:displayName"))
        #expect(type.resolve(groupName) == nil)
        let group = SCIMCatalog.groupResourceType
        #expect(group.resolve(SCIMAttributePath(attribute: "members", subAttribute: "value"))?.target.mutability == .immutable)
        #expect(group.resolve(SCIMAttributePath(attribute: "externalId"))?.attribute.caseExact == true)
    }

    @Test("attribute paths split URNs at their last colon")
    func paths() {
        #expect(SCIMAttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
            == SCIMAttributePath(schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute: "employeeNumber"))
        #expect(SCIMAttributePath("members.$ref") == SCIMAttributePath(attribute: "members", subAttribute: "$ref"))
        for bad in ["", ".", "a.", ".a", "a.b.c", "1a", "a b", "urn:", "urn:x:", "a-", "é"] where bad != "a-" {
            #expect(SCIMAttributePath(bad) == nil, "\(bad)")
        }
        #expect(SCIMAttributePath("a-")?.attribute == "a-")
    }

    @Test("errors render in SCIM's shape, status as a string")
    func errorJSON() {
        #expect(SCIMError.invalidFilter("bad at position 3").json == SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "invalidFilter", "detail": "bad at position 3"}
            """))
        #expect(SCIMError.uniqueness("userName taken").json.scimMember("status") == .string("409"))
        #expect(SCIMError.notFound("no such user").json == SCIMFixtures.json(
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "404", "detail": "no such user"}"#))
        #expect(SCIMError.Kind.allCases.map(\.rawValue) == [
            "invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax", "invalidPath", "noTarget", "invalidValue",
            "invalidVers", "sensitive",
        ])
        #expect(SCIMError.mutability("x").status == 400 && SCIMError.preconditionFailed("x").status == 412)
    }
}
