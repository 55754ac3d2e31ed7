import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIMFilter evaluation")
struct SCIMFilterEvaluationTests {
    static let b = "2819c223-7f76-453a-919d-413861904646"
    static let o = "c75ad752-64ae-4823-840d-ffa80929976c"
    static let z = "0e5c7f7e-0000-4000-8000-000000000003"

    /// Filter → the sample users (bjensen, omalley, zoe) it selects.
    static let table: [(String, [String])] = [
        // RFC 7644 §3.4.2.2's examples.
        (#"userName eq "bjensen@example.com""#, [b]),
        (#"name.familyName co "O'Malley""#, [o]),
        (#"userName sw "J""#, [o]),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#, [o]),
        ("title pr", [b]),
        (#"meta.lastModified gt "2011-05-13T04:42:34Z""#, [o, z]),
        (#"meta.lastModified ge "2011-05-13T04:42:34Z""#, [b, o, z]),
        (#"meta.lastModified lt "2011-05-13T04:42:34Z""#, []),
        (#"meta.lastModified le "2011-05-13T04:42:34Z""#, [b]),
        (#"title pr and userType eq "Employee""#, [b]),
        (#"title pr or userType eq "Intern""#, [b, o]),
        (#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#, [b]),
        (#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#, [b]),
        (#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#, []),
        (#"userType ne "Employee" and not (emails co "jensen.org" or emails.value co "example.org")"#, [z]),
        (#"userType eq "Employee" and (emails.type eq "work")"#, [b]),
        (#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#, [b]),
        (#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#, [b, z]),
        // Case: userName is not caseExact, id and externalId are.
        (#"USERNAME eq "JOMALLEY""#, [o]),
        (#"userName eq "jomalley""#, [o]),
        (#"id eq "2819C223-7F76-453A-919D-413861904646""#, []),
        (#"id eq "2819c223-7f76-453a-919d-413861904646""#, [b]),
        (#"externalId eq "BJENSEN""#, []),
        (#"externalId eq "bjensen""#, [b]),
        (#"emails.value eq "zoe@example.com""#, [z]),
        (#"displayName eq "ZOË""#, [z]),
        // Multi-valued: any value matches; the value path keeps conditions on one value.
        (#"emails.type eq "home""#, [b]),
        (#"emails[type eq "home" and value co "example.com"]"#, []),
        (#"emails.type eq "home" and emails.value co "example.com""#, [b]),
        (#"emails[not (type eq "work")]"#, [b, z]),
        (#"emails[primary eq true]"#, [b]),
        // dateTime compares instants: omalley's created (06:42:34+02:00) is bjensen's lastModified.
        (#"meta.created eq "2011-05-13T04:42:34Z""#, [o]),
        (#"meta.lastModified gt "2011-05-14T00:00:00Z""#, [o, z]),
        (#"meta.lastModified gt "2011-05-14T00:00:00.6Z""#, [z]),
        // Booleans, also from Entra's strings; numbers.
        ("active eq true", [b]),
        ("active eq false", [o]),
        (#"active eq "False""#, [o]),
        ("active ne true", [o, z]),
        ("loginCount gt 5", [b]),
        ("loginCount le 3", [o]),
        ("loginCount eq 3.0", [o]),
        ("score ge 4.5", [b]),
        // pr: empty strings and missing attributes are absent.
        ("title pr", [b]),
        ("not (title pr)", [o, z]),
        ("active pr", [b, o]),
        ("emails pr", [b, o, z]),
        ("name.givenName pr", [b, o]),
        ("userName eq null", []),
        ("displayName eq null", [o]),
        ("displayName ne null", [b, z]),
        // ne on a missing attribute holds; co/sw/ew.
        (#"displayName ne "Babs Jensen""#, [o, z]),
        (#"userName ew "EXAMPLE.COM""#, [b]),
        (#"name.formatted sw "ms.""#, [b]),
        // Extensions, qualified or not.
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#, [b]),

        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#, [b]),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department co "operations""#, [b]),
        // Precedence seen in results: or(and(title pr, active eq false), userType eq "Intern").
        (#"title pr and active eq false or userType eq "Intern""#, [o]),
        (#"title pr and (active eq false or userType eq "Employee")"#, [b]),
    ]

    @Test("each filter selects the expected sample users", arguments: table.indices)
    func evaluate(_ index: Int) throws {
        let (text, expected) = Self.table[index]
        let filter = try SCIMFilter(parsing: text, for: SCIMFixtures.rfcUserType)
        let selected = SCIMFixtures.users.filter { filter.matches($0, in: SCIMFixtures.rfcUserType) }
        #expect(SCIMFixtures.ids(selected) == expected, "\(text)")
    }

    @Test("groups: members by value, display case-insensitive")
    func groups() throws {
        let type = SCIMCatalog.groupResourceType
        let cases: [(String, Bool)] = [
            (#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#, true),
            (#"members.value eq "2819c223-7f76-453a-919d-413861904646""#, true),
            (#"members eq "902c246b-6245-4190-8e05-00816be7344a""#, true),
            (#"members.value eq "2819C223-7F76-453A-919D-413861904646""#, false),
            (#"displayName eq "tour guides""#, true),
            (#"displayName eq "Tour Guide""#, false),
        ]
        for (text, expected) in cases {
            #expect(try SCIMFilter(parsing: text, for: type).matches(SCIMFixtures.group, in: type) == expected, "\(text)")
        }
    }

    @Test("undeclared attributes compare as case-insensitive strings when not validated")
    func undeclared() throws {
        let filter = try SCIMFilter(parsing: #"shoeSize eq "BABS""#)
        let user = SCIMFixtures.json(#"{"id": "1", "shoeSize": "babs"}"#)
        #expect(filter.matches(user, in: SCIMCatalog.userResourceType))
        #expect(!filter.matches(SCIMFixtures.bjensen, in: SCIMCatalog.userResourceType))
    }

    @Test("RFC 3339 date-times parse to instants")
    func dateTimes() {
        #expect(SCIMDateTime.secondsSince1970("1970-01-01T00:00:00Z") == 0)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34Z") == 1_305_261_754)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T06:42:34+02:00") == 1_305_261_754)
        #expect(SCIMDateTime.secondsSince1970("2011-05-13T04:42:34.25Z") == 1_305_261_754.25)
        #expect(SCIMDateTime.secondsSince1970("2000-02-29T00:00:00Z") == 951_782_400)
        for bad in ["", "2011-05-13", "2011-05-13T04:42:34", "2011-13-01T00:00:00Z", "2011-02-29T00:00:00Z", "2011-05-13T04:42:34.Z",
            "2011-05-13T04:42:34+0200", "yesterday", "2011-05-13T24:00:00Z", "2011-05-13T04:42:34Zjunk"]
        {
            #expect(SCIMDateTime.secondsSince1970(bad) == nil, "\(bad)")
        }
    }
}
