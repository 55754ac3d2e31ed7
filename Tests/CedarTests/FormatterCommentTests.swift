import Foundation
import Testing
@testable import Cedar
import GatehouseTestSupport

/// `format(text:)` keeps the text's comments. Expected layouts are the reference
/// formatter's (`cedarpy.format_policies`) where ours prints the same lines; the
/// differential test `Tests/cedar-diff/comment_check.py` compares placements on
/// thousands of texts. Here: hand cases, and over the corpus that every comment
/// comes out once and in order, the text still means the same, and formatting is idempotent.
@Suite("PolicyFormatter keeps comments")
struct FormatterCommentTests {
    let formatter = PolicyFormatter()

    /// Formats `text`, checks comments, meaning and idempotence, and returns the output.
    @discardableResult
    func check(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let out = try formatter.format(text: text)
        var before = try Parser(text), after = try Parser(out)
        #expect(try after.parsePolicies() == (try before.parsePolicies()), "meaning changed:\n\(out)", sourceLocation: sourceLocation)
        #expect(after.lexer.comments.map(\.text) == before.lexer.comments.map(\.text), "comments lost or reordered:\n\(out)",
                sourceLocation: sourceLocation)
        #expect(try formatter.format(text: out) == out, "not idempotent:\n\(out)", sourceLocation: sourceLocation)
        return out
    }

    @Test("comments before, between, inside and after policies")
    func placements() throws {
        let out = try check("""
            // head
            @id("a") @x
            permit(principal == User::"a", // trailing
              action in [Action::"view", Action::"edit"], resource is Photo in Album::"x") // after scope
            when { // inside
              resource.owner == principal && // and
              context.ip.isInRange(ip("10.0.0.0/8")) } // end
            unless { principal has foo };
            // between
            forbid(principal, action, resource);   // trailing spaces go   
            // final
            """)
        #expect(out == """
            // head
            @id("a")
            @x
            permit (
              principal == User::"a", // trailing
              action in [Action::"view", Action::"edit"],
              resource is Photo in Album::"x"
            ) // after scope
            when
            { // inside
              resource.owner == principal && // and
              context.ip.isInRange(ip("10.0.0.0/8"))
            } // end
            unless { principal has foo };

            // between
            forbid (principal, action, resource); // trailing spaces go
            // final

            """)
    }

    @Test("a comment inside an operand keeps its token; the code goes on below it")
    func insideOperand() throws {
        let out = try check("""
            permit(principal == // who
              User::"a", action, resource)
            when { principal.getTag( // key
              "A") == 1 && [1, // one
              2].contains(3) };
            """)
        #expect(out == """
            permit (
              principal == // who
                User::"a",
              action,
              resource
            )
            when
            {
              principal.getTag( // key
                "A") == 1 &&
              [1, // one
                2].contains(3)
            };

            """)
    }

    @Test("own-line comments between clauses and blank lines between comments")
    func ownLines() throws {
        let out = try check("""
            // c1

            // c2
            permit(principal, action, resource)
            // before when
            when { true }
            // before unless
            unless { false };
            """)
        #expect(out == """
            // c1
            // c2
            permit (principal, action, resource)
            // before when
            when { true }
            // before unless
            unless { false };

            """)
    }

    @Test("parenthesised chains keep the source's grouping when they carry comments")
    func parenthesised() throws {
        try check("permit(principal, action, resource) when { (true && // a\n (1 < 2)) && false };")
    }

    @Test("bare and empty annotations are told apart")
    func annotations() throws {
        let out = try check(#"@a @b("") @c("x") permit(principal, action, resource);"#)
        #expect(out == "@a\n@b(\"\")\n@c(\"x\")\npermit (principal, action, resource);\n")
        let p = try Policy(parsing: #"@a @b("") permit(principal, action, resource);"#)
        #expect(p.annotations.entries.map(\.isBare) == [true, false])
        #expect(p.annotations["a"] == "" && p.annotations["b"] == "")
    }

    @Test("only comments, and no policies")
    func onlyComments() throws {
        #expect(try formatter.format(text: "// nothing here\n") == "// nothing here\n")
        #expect(try formatter.format(text: "") == "")
    }

    @Test("hand-written corpus files keep their comments")
    func handWritten() throws {
        let root = try Conformance.requireCorpusDir()
        let files = FormatterCorpus.cedarFiles(in: root.appendingPathComponent("tests"), recursive: true)
        var withComments = 0
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            if text.contains("//") { withComments += 1 }
            try check(text)
        }
        #expect(withComments > 0)
    }

    @Test("comments after random tokens of generated corpus policies (CEDAR_FORMAT_LIMIT, default 2000)")
    func randomComments() throws {
        let root = try Conformance.requireCorpusDir()
        let dir = try FormatterCorpus.unpackPolicies(root)
        defer { if dir.cleanup { try? FileManager.default.removeItem(at: dir.url) } }
        var files = FormatterCorpus.cedarFiles(in: dir.url.appendingPathComponent("corpus-tests"), recursive: false)
        let limit = ProcessInfo.processInfo.environment["CEDAR_FORMAT_LIMIT"] ?? "2000"
        if limit != "all" { files = Array(files.prefix(Int(limit) ?? 2000)) }
        var rng = SplitMix64(seed: 0xC0FFEE)
        var checked = 0
        for f in files {
            let text = try String(contentsOf: f, encoding: .utf8)
            guard (try? PolicySet(parsing: text)) != nil else { continue }
            try check(Self.withComments(text, rng: &rng))
            checked += 1
        }
        #expect(checked > 0 || files.isEmpty)
    }

    /// `text`'s tokens separated by spaces, with `// cN` after a few random tokens.
    static func withComments(_ text: String, rng: inout SplitMix64) throws -> String {
        var lexer = Lexer(text)
        let tokens = try lexer.tokenize().dropLast()
        var out = ""
        var n = 0
        for t in tokens {
            out += SourceText.text(of: t)
            if rng.below(6) == 0 {
                out += " // c\(n)\n"
                n += 1
            } else {
                out += " "
            }
        }
        return out
    }
}
