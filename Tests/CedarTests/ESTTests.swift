import Foundation
import Testing
@testable import Cedar

/// Cedar's JSON policy format. The differential test (`Tests/cedar-diff/est_check.py`)
/// holds our output to the reference's text for every corpus policy; here: exact
/// output on hand cases, the round trip Cedar → EST → Cedar over the corpus, and refusals.
@Suite("JSON policy format (EST)")
struct ESTTests {
    @Test("a policy is written as the reference writes it")
    func writesLikeTheReference() throws {
        let p = try Policy(parsing: """
            @z("1") @a @m("")
            permit(principal, action in [Action::"v"], resource is Photo in ?resource)
            when { {z: 1, a: 2, "B": 3}.a == --5 && "abc" like "a*\\*" && principal has a.b }
            unless { ip("1.2.3.4").isIpv4() };
            """)
        #expect(p.json.serialized == """
            {"effect":"permit","principal":{"op":"All"},"action":{"op":"in","entity":{"type":"Action","id":"v"}},\
            "resource":{"op":"is","entity_type":"Photo","in":{"slot":"?resource"}},"conditions":[{"kind":"when","body":\
            {"&&":{"left":{"&&":{"left":{"==":{"left":{".":{"left":{"Record":{"B":{"Value":3},"a":{"Value":2},"z":{"Value":1}}},\
            "attr":"a"}},"right":{"neg":{"arg":{"Value":-5}}}}},"right":{"like":{"left":{"Value":"abc"},"pattern":\
            [{"Literal":"a"},"Wildcard",{"Literal":"*"}]}}}},"right":{"&&":{"left":{"has":{"left":{"Var":"principal"},\
            "attr":"a"}},"right":{"has":{"left":{".":{"left":{"Var":"principal"},"attr":"a"}},"attr":"b"}}}}}}},\
            {"kind":"unless","body":{"isIpv4":[{"ip":[{"Value":"1.2.3.4"}]}]}}],"annotations":{"a":null,"m":"","z":"1"}}
            """)
    }

    @Test("a policy set: templates, then static policies, then links")
    func policySet() throws {
        var set = try PolicySet(parsing: """
            permit(principal, action, resource);
            permit(principal == ?principal, action, resource);
            """)
        try set.link(TemplateLink(id: "l1", templateId: "policy1", values: [.principal: EntityUID(type: "User", id: "a\u{8}")]))
        let text = set.json.serialized
        #expect(text.hasPrefix(#"{"templates":{"policy1":"#))
        #expect(text.hasSuffix(#""templateLinks":[{"templateId":"policy1","newId":"l1","values":{"?principal":{"type":"User","id":"a\b"}}}]}"#))
        let back = try PolicySet(json: text)
        #expect(back.json == set.json)
        #expect(back.links == set.links)
    }

    @Test("every corpus policy goes Cedar → EST → Cedar and back to the same EST")
    func corpusRoundTrip() throws {
        let root = try Conformance.requireCorpusDir()
        let dir = try FormatterCorpus.unpackPolicies(root)
        defer { if dir.cleanup { try? FileManager.default.removeItem(at: dir.url) } }
        let files = FormatterCorpus.cedarFiles(in: root.appendingPathComponent("tests"), recursive: true)
            + FormatterCorpus.cedarFiles(in: dir.url.appendingPathComponent("corpus-tests"), recursive: false)
        var checked = 0
        for f in files {
            guard let set = try? PolicySet(parsing: String(contentsOf: f, encoding: .utf8)) else { continue }
            let json = set.json.serialized
            let back = try PolicySet(json: json)
            #expect(back.json.serialized == json, "\(f.lastPathComponent): EST → policies → EST changed")
            #expect(back.policies.map(\.id) == set.policies.map(\.id) && back.templates.map(\.id) == set.templates.map(\.id))
            let text = PolicyFormatter().format(back)
            let reparsed = try PolicySet(parsing: text)
            #expect(reparsed.json.serialized == json, "\(f.lastPathComponent): EST → Cedar text → EST changed:\n\(text)")
            checked += 1
        }
        #expect(checked > 7000)
    }

    @Test("malformed documents are refused with the place of the fault")
    func refusals() {
        func error(_ json: String) -> PolicyJSONError? {
            do { _ = try PolicySet(json: json); return nil } catch { return error }
        }
        func policy(_ body: String) -> String {
            #"{"staticPolicies":{"p":{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[{"kind":"when","body":\#(body)}]}}}"#
        }
        #expect(error("[") != nil)
        #expect(error(#"{"policies":{}}"#)?.message == "unexpected member `policies`")
        #expect(error(policy(#"{"Value":1.5}"#))?.path == #"staticPolicies.p.conditions[0].body.Value"#)
        #expect(error(policy(#"{"Var":"x"}"#)) != nil)
        #expect(error(policy(#"{"Slot":"?principal"}"#))?.message == "found template slot in a `when` clause")
        #expect(error(policy(#"{"nope":[]}"#))?.message == "`nope` is not an operator or extension function")
        #expect(error(policy(#"{"is":{"left":{"Var":"principal"},"entity_type":"A::__cedar"}}"#)) != nil)
        #expect(error(#"{"templates":{"t":{"effect":"permit","principal":{"op":"All"},"action":{"op":"All"},"resource":{"op":"All"},"conditions":[]}}}"#)?
            .message == "a template must have a slot in its scope")
        #expect(error(policy(#"{"Value":true}"#)) == nil)
        #expect(error(policy(String(repeating: #"{"!":{"arg":"#, count: 200) + "true" + String(repeating: "}}", count: 200))) != nil)
    }
}
