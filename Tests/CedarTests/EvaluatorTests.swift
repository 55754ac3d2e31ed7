import Testing
@testable import Cedar

@Suite("Evaluator")
struct EvaluatorTests {
    static let entities = try! Entities(json: """
        [
          {"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 30, "tags": ["a", "b"], "mgr": {"__entity": {"type": "User", "id": "bob"}}},
           "parents": [{"type": "Group", "id": "g1"}], "tags": {"level": "gold"}},
          {"uid": {"type": "Group", "id": "g1"}, "attrs": {}, "parents": [{"type": "Group", "id": "g2"}]},
          {"uid": {"type": "Group", "id": "g2"}, "attrs": {}, "parents": []}
        ]
        """)
    static let request = Request(principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "view"),
                                 resource: EntityUID(type: "Doc", id: "d"), context: ["n": 3, "s": "hello"])

    func eval(_ text: String) throws -> Value {
        try Evaluator(request: Self.request, entities: Self.entities).evaluate(try Expr(parsing: text))
    }

    func isError(_ text: String) -> Bool {
        (try? eval(text)) == nil
    }

    @Test func arithmeticIsChecked() throws {
        #expect(try eval("9223372036854775806 + 1") == .long(Int64.max))
        #expect(isError("9223372036854775807 + 1"))
        #expect(isError("-9223372036854775808 - 1"))
        #expect(isError("4611686018427387904 * 2"))
        #expect(isError("-(-9223372036854775808)"))
        #expect(try eval("-(-9223372036854775807)") == .long(Int64.max))
    }

    @Test func shortCircuitAndTypeChecks() throws {
        #expect(try eval("false && 1") == .bool(false))
        #expect(try eval("true || 1") == .bool(true))
        #expect(isError("true && 1"))
        #expect(isError("1 && true"))
        #expect(try eval("if false then 1 + true else 2") == .long(2))
        #expect(isError("if 1 then 2 else 3"))
    }

    @Test func hierarchy() throws {
        #expect(try eval(#"principal in Group::"g2""#) == .bool(true))
        #expect(try eval(#"principal in [Group::"x", Group::"g1"]"#) == .bool(true))
        #expect(try eval(#"User::"ghost" in User::"ghost""#) == .bool(true))
        #expect(try eval(#"User::"ghost" in Group::"g1""#) == .bool(false))
        #expect(isError(#"principal in [Group::"g1", 1]"#))
        #expect(isError("1 in [1]"))
    }

    @Test func attributesAndMissingEntities() throws {
        #expect(try eval("principal.age") == .long(30))
        #expect(try eval("principal has age") == .bool(true))
        #expect(isError("principal.nope"))
        #expect(try eval(#"User::"ghost" has age"#) == .bool(false))
        #expect(isError(#"User::"ghost".age"#))
        #expect(isError("principal.mgr.age"))
        #expect(try eval("context.n") == .long(3))
        #expect(isError("context.missing"))
        #expect(isError("1.a"))
    }

    @Test func tags() throws {
        #expect(try eval(#"principal.getTag("level")"#) == .string("gold"))
        #expect(try eval(#"principal.hasTag("nope")"#) == .bool(false))
        #expect(isError(#"principal.getTag("nope")"#))
        #expect(try eval(#"User::"ghost".hasTag("level")"#) == .bool(false))
        #expect(isError(#"User::"ghost".getTag("level")"#))
    }

    @Test func setsRecordsEquality() throws {
        #expect(try eval("[1, [2, 3]] == [[3, 2], 1, 1]") == .bool(true))
        #expect(try eval("{a: 1, b: {c: 2}} == {b: {c: 2}, a: 1}") == .bool(true))
        #expect(try eval(#"1 == "1""#) == .bool(false))
        #expect(try eval("principal.tags.containsAll([\"a\"])") == .bool(true))
        #expect(try eval("principal.tags.containsAny([\"z\"])") == .bool(false))
        #expect(try eval("[].isEmpty()") == .bool(true))
        #expect(isError("1.contains(1)"))
    }

    @Test func likeMatching() throws {
        #expect(try eval(#""hello" like "h*o""#) == .bool(true))
        #expect(try eval(#""h*" like "h\*""#) == .bool(true))
        #expect(try eval(#""hx" like "h\*""#) == .bool(false))
        #expect(try eval(#""" like "*""#) == .bool(true))
        #expect(try eval(#""abcabc" like "*bc*bc""#) == .bool(true))
        #expect(isError(#"1 like "*""#))
    }

    @Test func isOperator() throws {
        #expect(try eval("principal is User") == .bool(true))
        #expect(try eval(#"principal is User in Group::"g2""#) == .bool(true))
        #expect(try eval(#"principal is Group in 1"#) == .bool(false))
        #expect(isError("1 is User"))
    }

    @Test func comparisons() throws {
        #expect(try eval("1 < 2 && 2 >= 2 && 3 > 2 && 2 <= 2 && 1 != 2") == .bool(true))
        #expect(isError(#""a" < "b""#))
        #expect(isError(#"decimal("1.0") < decimal("2.0")"#))
        #expect(try eval(#"datetime("2024-01-01") < datetime("2024-01-02")"#) == .bool(true))
        #expect(try eval(#"duration("1h") <= duration("60m")"#) == .bool(true))
        #expect(isError(#"duration("1h") < 1"#))
    }
}
