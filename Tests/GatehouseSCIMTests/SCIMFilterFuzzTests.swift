import GatehouseCore
import GatehouseSCIM
import GatehouseTestSupport
import Testing

/// Random filters and PATCH paths: the parsers must answer every input with a tree or a SCIMError, and
/// whatever parses must evaluate, without crashing.
@Suite("SCIM parsers never crash")
struct SCIMFilterFuzzTests {
    /// A fixed seed keeps a failure reproducible.
    typealias Random = SplitMix64

    static let tokens = [
        "userName", "emails", "emails.value", "name.familyName", "meta.lastModified", "active", "loginCount", "title",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "urn:", "members", "$ref", "type", "value",
        " eq ", " ne ", " co ", " sw ", " ew ", " gt ", " ge ", " lt ", " le ", " pr", " and ", " or ", "not ", "not(", "(", ")",
        "[", "]", ".", "\"", "\"x\"", "\"\\u00e9\"", "\"\\ud800\"", "\\", "42", "-1.5e3", "1e999", "true", "false", "null", " ", "",
        "\u{0}", "é", "😀", "\"2011-05-13T04:42:34Z\"", ":", ",",
    ]

    /// A random filter from the grammar itself: attribute expressions joined by and/or/not, groups, value paths.
    static func generate(_ random: inout Random, depth: Int) -> String {
        let paths = ["userName", "emails.value", "name.familyName", "meta.lastModified", "active", "loginCount", "title", "USERNAME",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "employeeNumber", "emails", "nickName"]
        let values = ["\"x\"", "\"Babs Jensen\"", "\"2011-05-13T04:42:34Z\"", "12", "4.5", "true", "false", "null", "\"\\u00e9\""]
        let ops = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Co"]
        switch depth > 4 ? random.next() % 2 : random.next() % 7 {
        case 0: return "\(random.element(of: paths)) \(random.element(of: ops)) \(random.element(of: values))"
        case 1: return "\(random.element(of: paths)) pr"
        case 2: return "\(generate(&random, depth: depth + 1)) and \(generate(&random, depth: depth + 1))"
        case 3: return "\(generate(&random, depth: depth + 1)) or \(generate(&random, depth: depth + 1))"
        case 4: return "not (\(generate(&random, depth: depth + 1)))"
        case 5: return "(\(generate(&random, depth: depth + 1)))"
        default: return "emails[type eq \"work\" and value \(random.element(of: ops)) \(random.element(of: values))]"
        }
    }

    @Test("10,000 random token strings parse or fail with invalidFilter")
    func randomFilters() {
        var random = Random(seed: 0x5C1A_2026)
        var parsed = 0
        for _ in 0..<10_000 {
            var text = ""
            if random.next() % 2 == 0 {
                text = Self.generate(&random, depth: 0)
                // One token in three is swapped for a random one, so near-valid filters get exercised too.
                if random.next() % 3 == 0 { text += random.element(of: Self.tokens) }
            } else {
                for _ in 0..<Int(random.next() % 12) { text += random.element(of: Self.tokens) }
            }
            do {
                let filter = try SCIMFilter(parsing: text)
                parsed += 1
                for user in SCIMFixtures.users { _ = filter.matches(user, in: SCIMFixtures.rfcUserType) }
                _ = try? filter.validate(for: SCIMFixtures.rfcUserType)
            } catch {
                #expect(error.scimType == .invalidFilter && error.status == 400, "\(text)")
            }
            do {
                _ = try SCIMPatchPath(parsing: text)
            } catch {
                #expect(error.scimType == .invalidPath, "\(text)")
            }
        }
        #expect(parsed > 2_000)
    }

    @Test("random bytes and mutated RFC examples never crash")
    func mutations() {
        var random = Random(seed: 7)
        let seeds = SCIMFilterParserTests.rfcExamples.map(\.0)
        for _ in 0..<5_000 {
            var scalars = Array(random.element(of: seeds).unicodeScalars)
            for _ in 0..<Int(1 + random.next() % 4) {
                guard !scalars.isEmpty else { break }
                let i = Int(random.next() % UInt64(scalars.count))
                switch random.next() % 3 {
                case 0: scalars.remove(at: i)
                case 1: scalars.insert(Unicode.Scalar(UInt8(random.next() % 128)), at: i)
                default: scalars.swapAt(i, Int(random.next() % UInt64(scalars.count)))
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            if let filter = try? SCIMFilter(parsing: String(text)) {
                for user in SCIMFixtures.users { _ = filter.matches(user, in: SCIMFixtures.rfcUserType) }
            }
        }
    }

    @Test("random PATCH operations and bodies either apply or throw a 400 SCIMError")
    func randomPatches() {
        var random = Random(seed: 42)
        let paths = [
            "active", "displayName", "name", "name.givenName", "emails", "emails[type eq \"work\"].value", "emails[value co \"a\"]",
            "members", "groups", "id", "meta", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "emails[", "x.y.z", "userName", "externalId",
        ]
        let values: [JSONValue] = [
            .null, .bool(false), .string("True"), .string("x"), .integer(3), .array([]), .array([.object(["value": .string("v")])]),
            .object(["givenName": .string("G")]), .object(["value": .string("a@b.c"), "type": .string("work"), "primary": .bool(true)]),
            .object(["active": .string("False")]), .object(["bogus": .integer(1)]),
        ]
        for _ in 0..<3_000 {
            var operations: [JSONValue] = []
            for _ in 0..<Int(1 + random.next() % 3) {
                var op: [String: JSONValue] = ["op": .string(random.element(of: ["add", "Replace", "remove", "REMOVE"]))]
                if random.next() % 4 != 0 { op["path"] = .string(random.element(of: paths)) }
                if random.next() % 4 != 0 { op["value"] = random.element(of: values) }
                operations.append(.object(op))
            }
            let body: JSONValue = .object([
                "schemas": .array([.string(SCIMPatchRequest.schema)]), "Operations": .array(operations),
            ])
            do {
                let result = try SCIMPatchRequest(json: body).apply(to: SCIMPatchTests.user, as: SCIMCatalog.userResourceType)
                #expect(result.scimMember("id") == .string("u-1"))
            } catch {
                #expect(error.status == 400 && error.scimType != nil, "\(operations)")
            }
            // The same values as a POST body: created or refused, never a crash.
            var created: [String: JSONValue] = ["userName": .string("u"), "emails": .array([.object(["value": .string("u@x.y")])])]
            for _ in 0..<Int(random.next() % 4) { created[random.element(of: paths)] = random.element(of: values) }
            do {
                _ = try SCIMCatalog.userResourceType.resource(fromBody: .object(created), replacing: SCIMPatchTests.user)
            } catch {
                #expect(error.status == 400 && error.scimType != nil, "\(created)")
            }
        }
    }
}
