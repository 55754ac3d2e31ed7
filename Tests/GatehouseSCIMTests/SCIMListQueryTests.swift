import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIMListQuery, projection and sorting")
struct SCIMListQueryTests {
    static let users = SCIMCatalog.userResourceType
    static let type = SCIMFixtures.rfcUserType

    static func query(_ items: [(String, String)], maximum: Int = 100) throws -> SCIMListQuery {
        try SCIMListQuery(queryItems: items.map { (name: $0.0, value: $0.1) }, for: users, maximumCount: maximum)
    }

    @Test("query parameters: filter, sortBy, sortOrder, paging brought into range")
    func parameters() throws {
        let q = try Self.query([
            ("filter", #"userName eq "x""#), ("sortBy", "meta.lastModified"), ("sortOrder", "Descending"), ("startIndex", "3"),
            ("count", "20"), ("attributes", "userName, emails.value"),
        ])
        #expect(q.filter == .comparison(SCIMAttributePath(attribute: "userName"), .eq, .string("x")))
        #expect(q.sortBy == SCIMAttributePath(attribute: "meta", subAttribute: "lastModified"))
        #expect(q.sortOrder == .descending)
        #expect(q.startIndex == 3 && q.count == 20)
        #expect(q.projection.attributes == [SCIMAttributePath(attribute: "userName"), SCIMAttributePath(attribute: "emails", subAttribute: "value")])

        let defaults = try Self.query([])
        #expect(defaults.filter == nil && defaults.sortBy == nil && defaults.sortOrder == .ascending)
        #expect(defaults.startIndex == 1 && defaults.count == 100)
        let clamped: [((String, String), Int, Int)] = [
            (("startIndex", "0"), 1, 100), (("startIndex", "-5"), 1, 100), (("count", "-1"), 1, 0), (("count", "0"), 1, 0),
            (("count", "1000"), 1, 100), (("count", "99999999999999999999999"), 1, 100), (("startIndex", "99999999999999999999"), Int.max, 100),
            (("STARTINDEX", "2"), 2, 100),
        ]
        for (item, start, count) in clamped {
            let q = try Self.query([item])
            #expect(q.startIndex == start && q.count == count, "\(item)")
        }
    }

    @Test("bad parameters are SCIM errors")
    func badParameters() {
        let cases: [((String, String), SCIMError)] = [
            (("count", "ten"), .invalidValue("count: 'ten' is not an integer")),
            (("startIndex", "1.5"), .invalidValue("startIndex: '1.5' is not an integer")),
            (("sortOrder", "up"), .invalidValue("sortOrder: 'up' is neither ascending nor descending")),
            (("sortBy", "shoeSize"), .invalidValue("sortBy: 'shoeSize' is not an attribute of User resources")),
            (("filter", "userName eq"), .invalidFilter("expected a value after 'eq' at the end of the filter")),
            (("filter", #"shoeSize eq "x""#), .invalidFilter("'shoeSize' is not an attribute of User resources")),
            (("attributes", "userName,a.b.c"), .invalidValue("attributes: 'a.b.c' is not an attribute name")),
        ]
        for (item, error) in cases {
            #expect(throws: error, "\(item)") { try Self.query([item]) }
        }
    }

    @Test("POST /.search bodies")
    func searchRequest() throws {
        let body = SCIMFixtures.json(
            """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "attributes": ["displayName", "userName"],
             "filter": "displayName sw \\"smith\\"", "startIndex": 1, "count": 10, "sortBy": "userName", "sortOrder": "descending"}
            """)
        let q = try SCIMListQuery(searchRequest: body, for: Self.users, maximumCount: 50)
        #expect(q.filter == .comparison(SCIMAttributePath(attribute: "displayName"), .sw, .string("smith")))
        #expect(q.projection.attributes.map(\.attribute) == ["displayName", "userName"])
        #expect(q.count == 10 && q.sortOrder == .descending)
        #expect(throws: SCIMError.invalidSyntax(#"a search body's schemas must be ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]"#)) {
            try SCIMListQuery(searchRequest: SCIMFixtures.json(#"{"filter": "a pr"}"#), for: Self.users, maximumCount: 50)
        }
        #expect(throws: SCIMError.invalidValue("\"count\" must be an integer")) {
            try SCIMListQuery(
                searchRequest: SCIMFixtures.json(#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "count": "5"}"#),
                for: Self.users, maximumCount: 50)
        }
    }

    @Test("paging slices 1-based pages")
    func paging() throws {
        let items = Array(1...10)
        #expect(Array(try Self.query([("startIndex", "1"), ("count", "3")]).page(of: items)) == [1, 2, 3])
        #expect(Array(try Self.query([("startIndex", "9"), ("count", "3")]).page(of: items)) == [9, 10])
        #expect(Array(try Self.query([("startIndex", "11"), ("count", "3")]).page(of: items)) == [])
        #expect(Array(try Self.query([("startIndex", "99999999999999999999"), ("count", "3")]).page(of: items)) == [])
        #expect(Array(try Self.query([("count", "0")]).page(of: items)) == [])
        // Built by hand, out of range: still no trap.
        #expect(Array(SCIMListQuery(startIndex: Int.max, count: Int.max).page(of: items)) == [])
        #expect(Array(SCIMListQuery(startIndex: -3, count: -1).page(of: items)) == [])
        #expect(Array(SCIMListQuery(startIndex: 2, count: Int.max).page(of: items)) == Array(2...10))
    }

    static func keys(_ value: JSONValue?) -> [String] { (value?.objectValue?.keys).map { $0.sorted() } ?? [] }

    @Test("attributes: only those asked for, plus id, schemas and meta; sub-attributes and extensions")
    func attributes() throws {
        let p1 = try SCIMAttributeProjection(attributes: "userName,name.familyName,emails.value", excludedAttributes: nil)
        let r1 = p1.apply(to: SCIMFixtures.bjensen, as: Self.type)
        #expect(Self.keys(r1) == ["emails", "id", "meta", "name", "schemas", "userName"])
        #expect(r1.scimMember("name") == SCIMFixtures.json(#"{"familyName": "Jensen"}"#))
        #expect(r1.scimMember("emails") == SCIMFixtures.json(#"[{"value": "bjensen@example.com"}, {"value": "babs@jensen.org"}]"#))

        let p2 = try SCIMAttributeProjection(attributes: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", excludedAttributes: nil)
        let r2 = p2.apply(to: SCIMFixtures.bjensen, as: Self.type)
        #expect(r2.scimMember(SCIMCatalog.enterpriseUserSchemaID) == SCIMFixtures.json(#"{"employeeNumber": "701984"}"#))
        #expect(Self.keys(r2).count == 4)

        let p3 = try SCIMAttributeProjection(attributes: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", excludedAttributes: nil)
        #expect(Self.keys(p3.apply(to: SCIMFixtures.bjensen, as: Self.type).scimMember(SCIMCatalog.enterpriseUserSchemaID)) == [
            "department", "employeeNumber", "manager",
        ])
        let p4 = try SCIMAttributeProjection(attributes: "DISPLAYNAME,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", excludedAttributes: "displayName")
        let r4 = p4.apply(to: SCIMFixtures.bjensen, as: Self.type)
        #expect(r4.scimMember("displayName") == .string("Babs Jensen"))
        #expect(r4.scimMember(SCIMCatalog.enterpriseUserSchemaID) == SCIMFixtures.json(#"{"employeeNumber": "701984"}"#))
    }

    @Test("excludedAttributes, returned never and returned request")
    func excluded() throws {
        var user = SCIMFixtures.bjensen
        user.setSCIMMember("password", to: .string("secret"))
        user.setSCIMMember("secretNote", to: .string("only on request"))
        let all = SCIMAttributeProjection().apply(to: user, as: Self.type)
        #expect(all.scimMember("password") == nil)
        #expect(all.scimMember("secretNote") == nil)
        #expect(all.scimMember("title") == .string("Tour Guide"))
        let asked = try SCIMAttributeProjection(attributes: "secretNote,password", excludedAttributes: nil).apply(to: user, as: Self.type)
        #expect(asked.scimMember("secretNote") == .string("only on request"))
        #expect(asked.scimMember("password") == nil)

        let p = try SCIMAttributeProjection(attributes: nil, excludedAttributes: "emails,name.formatted,id,meta,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
        let r = p.apply(to: user, as: Self.type)
        #expect(r.scimMember("emails") == nil)
        #expect(r.scimMember("name") == SCIMFixtures.json(#"{"familyName": "Jensen", "givenName": "Barbara"}"#))
        #expect(r.scimMember("id") != nil && r.scimMember("meta") != nil && r.scimMember("schemas") != nil)
        #expect(Self.keys(r.scimMember(SCIMCatalog.enterpriseUserSchemaID)) == ["department", "manager"])
        // Entra reads groups with excludedAttributes=members.
        let g = try SCIMAttributeProjection(attributes: nil, excludedAttributes: "members").apply(to: SCIMFixtures.group, as: SCIMCatalog.groupResourceType)
        #expect(Self.keys(g) == ["displayName", "id", "meta", "schemas"])
    }

    @Test("sorting honours caseExact, dateTime instants, numbers; missing values last either way")
    func sorting() throws {
        let u = SCIMFixtures.users
        func ids(_ path: String, _ order: SCIMListQuery.SortOrder, _ items: [JSONValue] = SCIMFixtures.users) throws -> [String] {
            SCIMFixtures.ids(SCIMSorter.sort(items, by: try #require(SCIMAttributePath(path)), order: order, as: Self.type))
        }
        let (b, o, z) = (SCIMFilterEvaluationTests.b, SCIMFilterEvaluationTests.o, SCIMFilterEvaluationTests.z)
        // userName is not caseExact: "bjensen…" < "JOMalley" < "zoe".
        #expect(try ids("userName", .ascending) == [b, o, z])
        #expect(try ids("userName", .descending) == [z, o, b])
        // id is caseExact: compare as written.
        #expect(try ids("id", .ascending) == [z, b, o])
        #expect(try ids("meta.lastModified", .descending) == [z, o, b])
        #expect(try ids("loginCount", .ascending) == [o, b, z])
        #expect(try ids("loginCount", .descending) == [b, o, z])
        #expect(try ids("title", .ascending) == [b, o, z])
        // emails sorts by the primary email, else the first.
        #expect(try ids("emails", .ascending) == [b, o, z])
        #expect(try ids("emails.type", .descending) == [b, o, z])
        #expect(try ids("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", .descending) == [b, o, z])
        let ties = [u[2], u[0], u[1]]
        #expect(try ids("active", .ascending, ties) == [o, b, z])
    }
}
