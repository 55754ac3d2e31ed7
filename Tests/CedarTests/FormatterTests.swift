import Foundation
import Testing
@testable import Cedar
import GatehouseTestSupport

/// The formatter's contract is `parse(format(p)) == p`. These tests check it on
/// tricky hand-picked expressions, on random ASTs, and on every policy of the
/// reference corpus (hand-written files plus a slice of the generated ones).
@Suite("PolicyFormatter")
struct FormatterTests {
    let formatter = PolicyFormatter()

    /// Formats `text`, checks the policies parse back identically, and returns the formatted text.
    @discardableResult
    func roundTrip(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        var parser = try Parser(text)
        let original = try parser.parsePolicies()
        let formatted = formatter.format(original)
        var reparser = try Parser(formatted)
        let again = try reparser.parsePolicies()
        #expect(again == original, "round trip changed the AST:\n\(formatted)", sourceLocation: sourceLocation)
        #expect(formatter.format(again) == formatted, "formatting is not idempotent", sourceLocation: sourceLocation)
        return formatted
    }

    func expr(_ text: String) throws -> String {
        let e = try Expr(parsing: text)
        let printed = formatter.format(e)
        #expect(try Expr(parsing: printed) == e, "\(text) printed as \(printed)")
        return printed
    }

    @Test("layout of a short policy")
    func shortLayout() throws {
        let out = try roundTrip(#"@id("a") @foo permit(principal,action,resource) when {context.a && principal.b == 3};"#)
        #expect(out == """
            @id("a")
            @foo
            permit (principal, action, resource)
            when { context.a && principal.b == 3 };

            """)
    }

    @Test("long scope and condition are broken over lines")
    func longLayout() throws {
        let out = try roundTrip("""
            forbid(principal in Group::"x", action in [Action::"a", Action::"b"], resource is Folder in Folder::"r")
            when { context.aaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb && context.ccccccccccccccccccccccccccccc.dddddddddddd.contains("x") && principal has foo.bar }
            unless { -(5) == --5 && {"a b": 1, c: [1,2]} == {} };
            """)
        #expect(out == """
            forbid (
              principal in Group::"x",
              action in [Action::"a", Action::"b"],
              resource is Folder in Folder::"r"
            )
            when
            {
              context.aaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb &&
              context.ccccccccccccccccccccccccccccc.dddddddddddd.contains("x") &&
              (principal has foo && principal.foo has bar)
            }
            unless { -(5) == --5 && { "a b": 1, c: [1, 2] } == {} };

            """)
    }

    @Test("templates and every scope form")
    func templates() throws {
        try roundTrip("""
            permit(principal == ?principal, action == Action::"a", resource in ?resource);
            permit(principal is User in ?principal, action in Action::"g", resource is Photo);
            forbid(principal is A::B, action, resource == Photo::"x\\n\\"y");
            """)
    }

    @Test("negative literals, unary chains and folding")
    func unary() throws {
        #expect(try expr("-5") == "-5")
        #expect(try expr("-(5)") == "-(5)")
        #expect(try expr("--5") == "--5")
        #expect(try expr("----5") == "----5")
        #expect(try expr("-(-(-(-(-5))))") == "----(-5)")
        #expect(try expr("!!!!(!true)") == "!!!!(!true)")
        #expect(try expr("!(-5)") == "!(-5)")
        #expect(try expr("!(-principal)") == "!(-principal)")
        #expect(try expr("(-5).foo") == "(-5).foo")
        #expect(try expr("-5.foo") == "-5.foo")
        #expect(try expr("-9223372036854775808") == "-9223372036854775808")
        #expect(try expr("-(9223372036854775807)") == "-(9223372036854775807)")
        #expect(try expr("1 - -5 * -2") == "1 - -5 * -2")
    }

    @Test("precedence and associativity")
    func precedence() throws {
        #expect(try expr("(1 + 2) * 3") == "(1 + 2) * 3")
        #expect(try expr("1 - (2 - 3)") == "1 - (2 - 3)")
        #expect(try expr("(1 - 2) - 3") == "1 - 2 - 3")
        #expect(try expr("context.a || (context.b || context.c)") == "context.a || (context.b || context.c)")
        #expect(try expr("(context.a || context.b) || context.c") == "context.a || context.b || context.c")
        #expect(try expr("(1 == 2) == true") == "(1 == 2) == true")
        #expect(try expr("(if true then 1 else 2) + 1") == "(if true then 1 else 2) + 1")
        #expect(try expr("if true then 1 else 2 + 1") == "if true then 1 else 2 + 1")
        #expect(try expr("true || (if true then false else true)") == "true || (if true then false else true)")
        #expect(try expr("(principal is User) in Group::\"g\"") == "(principal is User) in Group::\"g\"")
        #expect(try expr("principal is User in Group::\"g\"") == "principal is User in Group::\"g\"")
        #expect(try expr("(context has a) like \"x\"") == "(context has a) like \"x\"")
        #expect(try expr("!(1 < 2)") == "!(1 < 2)")
        #expect(try expr("(principal.a && false).foo") == "(principal.a && false).foo")
    }

    @Test("strings, patterns, attribute names and extension calls")
    func lexical() throws {
        #expect(try expr(#"context["has"]"#) == #"context["has"]"#)
        #expect(try expr(#"context["a b"].c"#) == #"context["a b"].c"#)
        #expect(try expr(#"context has "if""#) == #"context has "if""#)
        #expect(try expr(#"context.s like "a*\*b\n\u{7f}""#) == #"context.s like "a*\*b\n\u{7f}""#)
        #expect(try expr(#""tab\there \"q\" \\ \0 é""#) == #""tab\there \"q\" \\ \0 é""#)
        #expect(try expr(#"{"if": 1, ok: 2}"#) == #"{ "if": 1, ok: 2 }"#)
        #expect(try expr(#"ip("10.0.0.1").isInRange(ip("10.0.0.0/8"))"#) == #"ip("10.0.0.1").isInRange(ip("10.0.0.0/8"))"#)
        #expect(try expr(#"decimal("1.5").lessThan(decimal("2.0"))"#) == #"decimal("1.5").lessThan(decimal("2.0"))"#)
        #expect(try expr("[1, [2], {}].containsAll([])") == "[1, [2], {}].containsAll([])")
        #expect(try expr("principal.getTag(\"t\") && [].isEmpty()") == "principal.getTag(\"t\") && [].isEmpty()")
    }

    @Test("policy-set formatting keeps file order with templates interleaved")
    func setOrder() throws {
        let text = """
            permit(principal == ?principal, action, resource);
            forbid(principal, action, resource);
            permit(principal, action, resource in ?resource);
            """
        let set = try PolicySet(parsing: text)
        let viaSet = formatter.format(set)
        #expect(viaSet == (try formatter.format(text: text)))
        #expect(viaSet.hasPrefix("permit (principal == ?principal"))
    }

    @Test("random expressions round-trip")
    func randomExpressions() throws {
        var gen = RandomExprGenerator(seed: 0x5EED)
        for _ in 0..<3000 {
            let e = gen.expr(depth: 5)
            let printed = formatter.format(e)
            let parsed: Expr
            do { parsed = try Expr(parsing: printed) } catch {
                Issue.record("does not parse: \(printed)\n\(error)")
                continue
            }
            #expect(parsed == e, "\(printed)")
        }
    }

    @Test("every hand-written corpus policy file round-trips")
    func handWrittenCorpus() throws {
        let root = try Conformance.requireCorpusDir()
        let files = FormatterCorpus.cedarFiles(in: root.appendingPathComponent("tests"), recursive: true)
        #expect(!files.isEmpty)
        for f in files { try roundTrip(String(contentsOf: f, encoding: .utf8)) }
        print("formatter round trip: \(files.count) hand-written policy files")
    }

    @Test("a slice of the generated corpus round-trips (CEDAR_FORMAT_LIMIT, default 2000)")
    func generatedCorpus() throws {
        let root = try Conformance.requireCorpusDir()
        let dir = try FormatterCorpus.unpackPolicies(root)
        defer { if dir.cleanup { try? FileManager.default.removeItem(at: dir.url) } }
        var files = FormatterCorpus.cedarFiles(in: dir.url.appendingPathComponent("corpus-tests"), recursive: false)
        let limit = ProcessInfo.processInfo.environment["CEDAR_FORMAT_LIMIT"] ?? "2000"
        if limit != "all" { files = Array(files.prefix(Int(limit) ?? 2000)) }
        var parsedFiles = 0
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            // Generated files that the parser rejects are the conformance test's business.
            guard (try? PolicySet(parsing: text)) != nil else { continue }
            try roundTrip(text)
            parsedFiles += 1
        }
        print("formatter round trip: \(parsedFiles) of \(files.count) generated policy files")
        #expect(parsedFiles > 0 || files.isEmpty)
    }
}

/// Locates policy files of the reference corpus for the round-trip tests.
enum FormatterCorpus {
    static func cedarFiles(in dir: URL, recursive: Bool) -> [URL] {
        let fm = FileManager.default
        var out: [URL] = []
        if recursive {
            let e = fm.enumerator(at: dir, includingPropertiesForKeys: nil)
            while let u = e?.nextObject() as? URL { out.append(u) }
        } else {
            out = (try? fm.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
        }
        return out.filter { $0.pathExtension == "cedar" }.sorted { $0.path < $1.path }
    }

    /// Unpacks only the `.cedar` files of `corpus-tests.tar.gz` into a temp dir
    /// (or reuses `CEDAR_CORPUS_UNPACKED`). `cleanup` says whether the caller should delete it.
    static func unpackPolicies(_ root: URL) throws -> (url: URL, cleanup: Bool) {
        if let pre = ProcessInfo.processInfo.environment["CEDAR_CORPUS_UNPACKED"], !pre.isEmpty {
            return (URL(fileURLWithPath: pre), false)
        }
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("cedar-format-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tar = try ChildProcess.run(
            "/usr/bin/env", ["tar", "xzf", root.appendingPathComponent("corpus-tests.tar.gz").path, "-C", dir.path, "--wildcards", "*.cedar"])
        guard tar.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return (dir, true)
    }
}

/// A seeded generator of expressions the parser can produce, biased towards
/// the constructs where printing is subtle (negative literals, unary chains,
/// mixed precedence, `if` in operand position, odd attribute names).
struct RandomExprGenerator {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func int(_ n: Int) -> Int { random.below(n) }

    mutating func pick<T>(_ xs: [T]) -> T { random.element(of: xs) }

    mutating func attr() -> String {
        pick(["a", "b", "owner", "in", "has", "a b", "", "ünï", "x\"y", "if", "_z9"])
    }

    mutating func leaf() -> Expr {
        switch int(8) {
        case 0: return .literal(.bool(int(2) == 0))
        case 1: return .literal(.long(pick([0, 1, -1, 5, -5, Int64.max, Int64.min, 42])))
        case 2: return .literal(.string(pick(["", "a", "a\"b\\c", "tab\t", "nl\n", "\u{0}\u{1f}\u{7f}", "ü€😀", "*"])))
        case 3: return .literal(.entity(EntityUID(type: pick(["User", "A::B", "Cloudinary::Folder"]), id: pick(["x", "", "a\"b"]))))
        case 4, 5: return .variable(pick(Var.allCases))
        case 6: return .set([])
        default: return .record([])
        }
    }

    mutating func expr(depth: Int) -> Expr {
        if depth == 0 || int(5) == 0 { return leaf() }
        let d = depth - 1
        switch int(20) {
        case 0: return .ifThenElse(expr(depth: d), then: expr(depth: d), else: expr(depth: d))
        case 1: return .and(expr(depth: d), expr(depth: d))
        case 2: return .or(expr(depth: d), expr(depth: d))
        case 3: return .unary(.not, expr(depth: d))
        case 4: return .unary(.neg, expr(depth: d))
        case 5: return .unary(.isEmpty, expr(depth: d))
        case 6:
            let ops: [BinaryOp] = [.eq, .notEq, .less, .lessEq, .greater, .greaterEq, .in]
            return .binary(pick(ops), expr(depth: d), expr(depth: d))
        case 7: return .binary(pick([.add, .sub, .mul]), expr(depth: d), expr(depth: d))
        case 8: return .binary(pick([.contains, .containsAll, .containsAny, .getTag, .hasTag]), expr(depth: d), expr(depth: d))
        case 9: return .getAttr(expr(depth: d), attr())
        case 10: return .hasAttr(expr(depth: d), attr())
        case 11:
            let pat: [PatternElement] = (0..<int(5)).map { _ in pick([.wildcard, .char("*"), .char("a"), .char("\\"), .char("\n"), .char("é")]) }
            return .like(expr(depth: d), Pattern(pat))
        case 12: return .isType(expr(depth: d), Name(qualified: pick(["User", "A::B"])), in: int(2) == 0 ? nil : expr(depth: d))
        case 13: return .set((0..<int(3)).map { _ in expr(depth: d) })
        case 14:
            var keys = Set<String>()
            var entries: [RecordEntry] = []
            for _ in 0..<int(3) {
                let k = attr()
                if keys.insert(k).inserted { entries.append(RecordEntry(key: k, value: expr(depth: d))) }
            }
            return .record(entries)
        case 15: return .call(Name(id: pick(["ip", "decimal"])), [.literal(.string("1.2.3.4"))])
        case 16: return .call(Name(id: pick(["isIpv4", "isLoopback"])), [expr(depth: d)])
        case 17: return .call(Name(id: pick(["isInRange", "lessThan"])), [expr(depth: d), expr(depth: d)])
        case 18: return .unary(.neg, .literal(.long(pick([0, 5, Int64.max, -3, Int64.min]))))
        default: return .unary(pick([.not, .neg]), .unary(pick([.not, .neg]), .unary(pick([.not, .neg]), .unary(pick([.not, .neg]), expr(depth: d)))))
        }
    }
}
