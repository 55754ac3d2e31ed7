import Testing
@testable import Cedar

@Suite("Parser")
struct ParserTests {
    @Test func parsesScopesAndConditions() throws {
        let p = try Policy(parsing: """
            @id("p1") @note
            forbid(principal is User in Group::"admins", action in [Action::"read", Action::"write"], resource == Doc::"d")
            when { context.ok } unless { principal.blocked };
            """)
        #expect(p.effect == .forbid)
        #expect(p.annotations["id"] == "p1")
        #expect(p.annotations["note"] == "")
        #expect(p.principal == .isIn(Name(id: "User"), .entity(EntityUID(type: "Group", id: "admins"))))
        #expect(p.action == .inSet([EntityUID(type: "Action", id: "read"), EntityUID(type: "Action", id: "write")]))
        #expect(p.resource == .eq(.entity(EntityUID(type: "Doc", id: "d"))))
        #expect(p.conditions.map(\.kind) == [.when, .unless])
    }

    @Test func assignsSequentialIdsAndSplitsTemplates() throws {
        let set = try PolicySet(parsing: """
            permit(principal, action, resource);
            permit(principal == ?principal, action, resource in ?resource);
            forbid(principal, action, resource);
            """)
        #expect(set.policies.map(\.id) == ["policy0", "policy2"])
        #expect(set.templates.map(\.id) == ["policy1"])
        #expect(set.templates[0].slots == [.principal, .resource])
    }

    @Test func precedence() throws {
        let e = try Expr(parsing: "1 + 2 * 3 == 7 && !false || principal in Group::\"g\"")
        let expected: Expr = .or(
            .and(.binary(.eq, .binary(.add, .literal(1), .binary(.mul, .literal(2), .literal(3))), .literal(7)),
                 .unary(.not, .literal(false))),
            .binary(.in, .variable(.principal), .literal(.entity(EntityUID(type: "Group", id: "g")))))
        #expect(e == expected)
    }

    @Test func namespacedUIDsAndEscapes() throws {
        let e = try Expr(parsing: #"A::B::"x\n\u{1F600}\"""#)
        #expect(e == .literal(.entity(EntityUID(type: Name(path: ["A"], id: "B"), id: "x\n😀\""))))
    }

    @Test func negativeLiterals() throws {
        #expect(try Expr(parsing: "-9223372036854775808") == .literal(.long(Int64.min)))
        #expect(try Expr(parsing: "--1") == .unary(.neg, .literal(-1)))
        #expect(throws: ParseError.self) { try Expr(parsing: "9223372036854775808") }
        #expect(throws: ParseError.self) { try Expr(parsing: "-----1") }
    }

    @Test func hasPathDesugars() throws {
        let e = try Expr(parsing: "context has a.b")
        #expect(e == .and(.hasAttr(.variable(.context), "a"), .hasAttr(.getAttr(.variable(.context), "a"), "b")))
    }

    @Test func likePatternEscapes() throws {
        let e = try Expr(parsing: #""x" like "a\*b*""#)
        #expect(e == .like(.literal("x"), Pattern([.char("a"), .char("*"), .char("b"), .wildcard])))
    }

    @Test func methodsAndExtensionCalls() throws {
        #expect(try Expr(parsing: "ip(\"1.2.3.4\").isIpv4()") == .call(Name(id: "isIpv4"), [.call(Name(id: "ip"), [.literal("1.2.3.4")])]))
        #expect(try Expr(parsing: "[1].contains(1)") == .binary(.contains, .set([.literal(1)]), .literal(1)))
        #expect(throws: ParseError.self) { try Expr(parsing: "foo(1)") }
        #expect(throws: ParseError.self) { try Expr(parsing: "[1].frobnicate()") }
        #expect(throws: ParseError.self) { try Expr(parsing: "isIpv4(ip(\"1.2.3.4\"))") }
        #expect(throws: ParseError.self) { try Expr(parsing: "[1].contains(1, 2)") }
    }

    @Test func rejectsChainedRelations() {
        #expect(throws: ParseError.self) { try Expr(parsing: "1 < 2 < 3") }
        #expect(throws: ParseError.self) { try Expr(parsing: "1 == 1 == true") }
    }

    @Test func rejectsInvalidPolicies() {
        for text in [
            "permit(principal, action, resource) when {};",
            "permit(principal, action, resource)",
            "permit(principal, action == User::\"x\", resource);",
            "permit(principal = User::\"x\", action, resource);",
            "permit(principal, action, resource) when { ?principal == principal };",
            "@a(\"1\") @a(\"2\") permit(principal, action, resource);",
            "allow(principal, action, resource);",
            "permit(principal, action, resource) when { {a: 1, a: 2} };",
            "permit(principal, action, resource) when { x };",
        ] {
            #expect(throws: ParseError.self, "\(text)") { try PolicySet(parsing: text) }
        }
    }

    @Test func errorPositions() {
        do {
            _ = try PolicySet(parsing: "permit(principal, action, resource)\nwhen { 1 + };")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 12)
            #expect(error.excerpt == "when { 1 + };")
            #expect(error.description.hasPrefix("2:12:"))
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deepParens = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        #expect((try? Expr(parsing: deepParens)) == nil)
        let deepSets = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect((try? Expr(parsing: deepSets)) == nil)
        let longChain = (0..<100_000).map { _ in "1" }.joined(separator: " + ")
        #expect((try? Expr(parsing: longChain)) == nil)
        let longAccess = "context" + String(repeating: ".a", count: 100_000)
        #expect((try? Expr(parsing: longAccess)) == nil)
        let ifs = String(repeating: "if true then ", count: 50_000) + "1" + String(repeating: " else 2", count: 50_000)
        #expect((try? Expr(parsing: ifs)) == nil)
    }

    @Test func moderateNestingIsFine() throws {
        let e = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(try Expr(parsing: e) == .literal(1))
        let chain = (0..<150).map { _ in "true" }.joined(separator: " && ")
        _ = try Expr(parsing: chain)
    }

    @Test func commentsAndWhitespace() throws {
        let set = try PolicySet(parsing: "// leading\npermit(principal, action, resource) // trailing\n;\n// end")
        #expect(set.policies.count == 1)
    }
}

@Suite("Limits")
struct LimitTests {
    let evaluator = Evaluator(request: Request(principal: EntityUID(type: "U", id: "u"), action: EntityUID(type: "Action", id: "a"),
                                               resource: EntityUID(type: "R", id: "r"), context: ["a": .record([:])]),
                              entities: Entities())

    @Test func longestAllowedLogicalChainEvaluates() throws {
        let text = (0..<2_001).map { _ in "false" }.joined(separator: " || ") + " || true"
        #expect((try? Expr(parsing: text)) == nil)
        let ok = (0..<1_999).map { _ in "false" }.joined(separator: " || ") + " || true"
        let e = try Expr(parsing: ok)
        #expect(try evaluator.evaluate(e) == .bool(true))
        #expect(e == e)
        var h = Hasher()
        h.combine(e)
        _ = h.finalize()
    }

    @Test func deepMemberChainEvaluatesToAnError() throws {
        let text = "context" + String(repeating: ".a", count: 990)
        let e = try Expr(parsing: text)
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(e) }
        let nested = String(repeating: "(", count: 190) + "1" + String(repeating: ")", count: 190) + String(repeating: " + 1", count: 700)
        #expect(try evaluator.evaluate(try Expr(parsing: nested)) == .long(701))
    }

    @Test func deepHasPathIsBounded() {
        let text = "context has " + (0..<5_000).map { _ in "a" }.joined(separator: ".")
        #expect((try? Expr(parsing: text)) == nil)
    }
}
