import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIMFilter parsing")
struct SCIMFilterParserTests {
    typealias F = SCIMFilter

    static func p(_ text: String) -> SCIMAttributePath {
        SCIMAttributePath(text) ?? SCIMAttributePath(attribute: "<bad \(text)>")
    }

    static let enterpriseUserName = SCIMAttributePath(
        schema: "urn:ietf:params:scim:schemas:core:2.0:User", attribute: "userName")

    /// Every example of RFC 7644 §3.4.2.2, with the tree it must parse to.
    static let rfcExamples: [(String, SCIMFilter)] = [
        (#"userName eq "bjensen""#, .comparison(p("userName"), .eq, .string("bjensen"))),
        (#"name.familyName co "O'Malley""#, .comparison(p("name.familyName"), .co, .string("O'Malley"))),
        (#"userName sw "J""#, .comparison(p("userName"), .sw, .string("J"))),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#, .comparison(enterpriseUserName, .sw, .string("J"))),
        ("title pr", .present(p("title"))),
        (#"meta.lastModified gt "2011-05-13T04:42:34Z""#, .comparison(p("meta.lastModified"), .gt, .string("2011-05-13T04:42:34Z"))),
        (#"meta.lastModified ge "2011-05-13T04:42:34Z""#, .comparison(p("meta.lastModified"), .ge, .string("2011-05-13T04:42:34Z"))),
        (#"meta.lastModified lt "2011-05-13T04:42:34Z""#, .comparison(p("meta.lastModified"), .lt, .string("2011-05-13T04:42:34Z"))),
        (#"meta.lastModified le "2011-05-13T04:42:34Z""#, .comparison(p("meta.lastModified"), .le, .string("2011-05-13T04:42:34Z"))),
        (#"title pr and userType eq "Employee""#, .and(.present(p("title")), .comparison(p("userType"), .eq, .string("Employee")))),
        (#"title pr or userType eq "Intern""#, .or(.present(p("title")), .comparison(p("userType"), .eq, .string("Intern")))),
        (
            #"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
            .comparison(p("schemas"), .eq, .string("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"))
        ),
        (
            #"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
            .and(
                .comparison(p("userType"), .eq, .string("Employee")),
                .or(.comparison(p("emails"), .co, .string("example.com")), .comparison(p("emails.value"), .co, .string("example.org"))))
        ),
        (
            #"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
            .and(
                .comparison(p("userType"), .ne, .string("Employee")),
                .not(.or(.comparison(p("emails"), .co, .string("example.com")), .comparison(p("emails.value"), .co, .string("example.org")))))
        ),
        (
            #"userType eq "Employee" and (emails.type eq "work")"#,
            .and(.comparison(p("userType"), .eq, .string("Employee")), .comparison(p("emails.type"), .eq, .string("work")))
        ),
        (
            #"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
            .and(
                .comparison(p("userType"), .eq, .string("Employee")),
                .valuePath(p("emails"), .and(.comparison(p("type"), .eq, .string("work")), .comparison(p("value"), .co, .string("@example.com")))))
        ),
        (
            #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
            .or(
                .valuePath(p("emails"), .and(.comparison(p("type"), .eq, .string("work")), .comparison(p("value"), .co, .string("@example.com")))),
                .valuePath(p("ims"), .and(.comparison(p("type"), .eq, .string("xmpp")), .comparison(p("value"), .co, .string("@foo.com")))))
        ),
    ]

    @Test("RFC 7644 §3.4.2.2's examples parse to the expected tree", arguments: rfcExamples.indices)
    func rfcExample(_ index: Int) throws {
        let (text, expected) = Self.rfcExamples[index]
        #expect(try SCIMFilter(parsing: text) == expected, "\(text)")
        try SCIMFilter(parsing: text).validate(for: SCIMFixtures.rfcUserType)
    }

    @Test("not binds tighter than and, and tighter than or; parentheses override")
    func precedence() throws {
        let a = F.present(Self.p("a")), b = F.present(Self.p("b")), c = F.present(Self.p("c"))
        #expect(try F(parsing: "a pr or b pr and c pr") == .or(a, .and(b, c)))
        #expect(try F(parsing: "a pr and b pr or c pr") == .or(.and(a, b), c))
        #expect(try F(parsing: "(a pr or b pr) and c pr") == .and(.or(a, b), c))
        #expect(try F(parsing: "not (a pr) and b pr") == .and(.not(a), b))
        #expect(try F(parsing: "not(a pr or b pr)") == .not(.or(a, b)))
        #expect(try F(parsing: "a pr or b pr or c pr") == .or(.or(a, b), c))
        #expect(try F(parsing: "a pr and b pr and c pr") == .and(.and(a, b), c))
        #expect(try F(parsing: "((a pr))") == a)
        #expect(try F(parsing: "  a pr  ") == a)
    }

    @Test("operators, keywords and literals are case-insensitive; attribute names keep their spelling")
    func caseInsensitive() throws {
        #expect(try F(parsing: #"USERNAME EQ "x""#) == .comparison(Self.p("USERNAME"), .eq, .string("x")))
        #expect(try F(parsing: "a Pr AND b PR Or NOT (c pr)") == .or(.and(.present(Self.p("a")), .present(Self.p("b"))), .not(.present(Self.p("c")))))
        #expect(try F(parsing: "active eq TRUE") == .comparison(Self.p("active"), .eq, .bool(true)))
    }

    @Test("literals: JSON strings with escapes, numbers, booleans, null")
    func literals() throws {
        let cases: [(String, JSONValue)] = [
            (#"a eq "q\"b\\s\/n\nt\tu\u00e9""#, .string("q\"b\\s/n\nt\tué")),
            (#"a eq "\ud83d\ude00""#, .string("😀")),
            (#"a eq """#, .string("")),
            (#"a eq "ünïcødé 😀""#, .string("ünïcødé 😀")),
            ("a eq 42", .integer(42)),
            ("a eq -7", .integer(-7)),
            ("a eq 0", .integer(0)),
            ("a eq 2.5", .number(2.5)),
            ("a eq 1e3", .number(1000)),
            ("a eq -0.5E-2", .number(-0.005)),
            ("a eq 99999999999999999999", .number(99999999999999999999)),
            ("a eq true", .bool(true)),
            ("a eq false", .bool(false)),
            ("a eq null", .null),
        ]
        for (text, value) in cases {
            #expect(try F(parsing: text) == .comparison(Self.p("a"), .eq, value), "\(text)")
        }
    }

    @Test("URN-qualified names split at the last colon, sub-attributes at the dot")
    func urnPaths() throws {
        let filter = try F(parsing: #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "x""#)
        #expect(
            filter == .comparison(
                SCIMAttributePath(schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", attribute: "manager", subAttribute: "value"),
                .eq, .string("x")))
        let ours = try F(parsing: #"urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User:roles co "ml_user""#)
        #expect(ours.attributePaths.first?.schema == SCIMCatalog.cloudinaryUserSchemaID)
        #expect(try F(parsing: "members.$ref pr") == .present(SCIMAttributePath(attribute: "members", subAttribute: "$ref")))
    }

    /// Each malformed filter and the exact detail it must be refused with.
    static let malformed: [(String, String)] = [
        ("", "the filter is empty at the end of the filter"),
        ("   ", "the filter is empty at the end of the filter"),
        ("userName", "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'userName' at the end of the filter"),
        (#"userName xx "a""#, "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'userName' at position 10"),
        ("userName eq", "expected a value after 'eq' at the end of the filter"),
        (#"userName eq "abc"#, "the string opened at position 13 is never closed at the end of the filter"),
        ("userName eq bjensen", "expected a value (a quoted string, a number, true, false or null) at position 13"),
        (#"userName eq "a" and"#, "expected an expression at the end of the filter"),
        (#"userName eq "a" or or b pr"#, "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'or' at position 23"),
        (#"(userName eq "a""#, "the '(' at position 1 is never closed at the end of the filter"),
        (#"userName eq "a")"#, "unexpected ')' at position 16"),
        (#"emails[type eq "work""#, "the '[' at position 7 is never closed at the end of the filter"),
        (#"emails[type eq "work"]]"#, "unexpected ']' at position 23"),
        (#"emails[type[value eq "x"] eq "work"]"#, "a [filter] cannot be nested inside another at position 12"),
        (#"name.familyName[value eq "x"]"#, "'name.familyName' names a sub-attribute, so it cannot take a [filter] at position 1"),
        (#"a.b.c eq "x""#, "'a.b.c' is not a valid attribute path at position 1"),
        (#"1abc eq "x""#, "'1abc' is not a valid attribute path at position 1"),
        (#"eq "x""#, "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'eq' at position 4"),
        (#"userName eq "\x""#, #"'\x' is not a JSON escape at position 14"#),
        (#"userName eq "\u12""#, "'\\u' needs four hexadecimal digits at position 14"),
        (#"userName eq "\ud800""#, "a lone UTF-16 surrogate cannot be a character at position 14"),
        ("userName eq \"a\tb\"", "a control character must be escaped inside a string at position 15"),
        ("loginCount eq 01", "'01' is not a JSON number at position 15"),
        ("loginCount eq 1.", "'1.' is not a JSON number at position 15"),
        ("loginCount eq -", "'-' is not a JSON number at position 15"),
        ("loginCount eq 1e999", "'1e999' is out of range at position 15"),
        ("not userName pr", "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after 'not' at position 5"),
        ("()", "expected an attribute name at position 2"),
        (#"userName eq "a" # x"#, "unexpected '#' at position 17"),
        (#"userName eq"a""#, "expected a value after 'eq' at position 12"),
    ]

    @Test("malformed filters are refused with a precise invalidFilter", arguments: malformed.indices)
    func malformedFilter(_ index: Int) {
        let (text, detail) = Self.malformed[index]
        #expect(throws: SCIMError.invalidFilter(detail)) { try SCIMFilter(parsing: text) }
    }

    @Test("deep nesting and long filters are refused, not recursed into")
    func limits() throws {
        let deep = String(repeating: "(", count: 100_000) + "a pr" + String(repeating: ")", count: 100_000)
        #expect(throws: SCIMError.invalidFilter("the filter is longer than 4096 characters")) { try SCIMFilter(parsing: deep) }
        let nested = String(repeating: "(", count: 33) + "a pr" + String(repeating: ")", count: 33)
        #expect(throws: SCIMError.invalidFilter("the filter nests deeper than 32 levels at position 33")) { try SCIMFilter(parsing: nested) }
        let nots = String(repeating: "not (", count: 40) + "a pr" + String(repeating: ")", count: 40)
        #expect(throws: SCIMError.self) { try SCIMFilter(parsing: nots) }
        let fine = String(repeating: "(", count: 32) + "a pr" + String(repeating: ")", count: 32)
        #expect(try SCIMFilter(parsing: fine) == .present(Self.p("a")))
        let long = Array(repeating: #"userName eq "x""#, count: 400).joined(separator: " or ")
        #expect(throws: SCIMError.self) { try SCIMFilter(parsing: long) }
    }

    @Test("validation against a resource type refuses unknown attributes and meaningless operators")
    func validation() {
        let type = SCIMCatalog.userResourceType
        let refused: [(String, String)] = [
            (#"shoeSize eq "x""#, "'shoeSize' is not an attribute of User resources"),
            (#"employeeNumber eq "1""#, "'employeeNumber' is not an attribute of User resources"),
            (#"name.nickName eq "x""#, "'name.nickName' is not an attribute of User resources"),
            (#"urn:example:unknown:2.0:User:x eq "x""#, "'urn:example:unknown:2.0:User:x' is not an attribute of User resources"),
            ("active gt true", "'gt' has no meaning for the boolean 'active'"),
            (#"active eq "maybe""#, "'active' is a boolean: compare it with true or false"),
            (#"meta.lastModified gt "yesterday""#, "'meta.lastModified' is a dateTime: compare it with a string such as \"2011-05-13T04:42:34Z\""),
            ("userName eq 5", "'userName' is a string: compare it with a quoted string"),
            (#"name eq "x""#, "'name' is complex: compare one of its sub-attributes, or use pr"),
            (#"userName[value eq "x"]"#, "'userName' is not a complex attribute, so it cannot take a [filter]"),
            (#"emails[kind eq "x"]"#, "'kind' is not a sub-attribute of 'emails'"),
            ("userName gt null", "null can only be compared with eq or ne ('userName')"),
        ]
        for (text, detail) in refused {
            #expect(throws: SCIMError.invalidFilter(detail), "\(text)") { try SCIMFilter(parsing: text, for: type) }
        }
        let accepted = [
            #"userName eq "x""#, #"USERNAME eq "x""#, #"emails.value eq "a@b.c""#, #"emails[type eq "work"]"#,
#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "x""#,
            #"urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User:environments co "prod""#,
            #"emails co "example.com""#, "active eq \"True\"", "externalId pr", #"meta.created lt "2020-01-01T00:00:00Z""#,
            #"id eq "abc""#, "groups.value pr", "userName eq null",
        ]
        for text in accepted {
            #expect(throws: Never.self, "\(text)") { try SCIMFilter(parsing: text, for: type) }
        }
    }

    @Test("the tree exposes what SQL push-down needs: conjuncts and paths")
    func pushDown() throws {
        let filter = try SCIMFilter(parsing: #"userName eq "x" and (externalId eq "e" and emails.value eq "a@b.c")"#)
        #expect(filter.conjuncts == [
            .comparison(Self.p("userName"), .eq, .string("x")),
            .comparison(Self.p("externalId"), .eq, .string("e")),
            .comparison(Self.p("emails.value"), .eq, .string("a@b.c")),
        ])
        let paths = try SCIMFilter(parsing: #"emails[type eq "work"] or displayName pr"#).attributePaths
        #expect(paths == [Self.p("emails.type"), Self.p("displayName")])
    }
}
