import Foundation
import Testing
@testable import Cedar

/// The probe answers one case `{"policies": "...", "entities": [...], "request": {...}}` in the shape the
/// differential tests compare with the reference engine (e.g. through `cedarpy`): decision, the ids of the
/// determining policies, the ids of the policies that erred; `parse_error` / `other_error` when the case cannot
/// be run. Policies are named `policy0, policy1, …` in text order, as the reference names them.
func differentialProbe(_ c: JSONValue) -> JSONValue {
    guard case let .string(text)? = c["policies"] else {
        return .object([("decision", .string("other_error")), ("message", .string("case has no `policies` text"))])
    }
    do {
        let set = try PolicySet(parsing: text)
        let entities = try Entities(jsonValue: c["entities"] ?? .array([]))
        let req = try AuthorizationRequest(jsonLine: (c["request"] ?? .null).serialized).request()
        let r = Authorizer().isAuthorized(req, policies: set, entities: entities)
        return .object([("decision", .string(r.decision.rawValue)),
                        ("reason", .array(r.reason.map(JSONValue.string))),
                        ("errors", .array(r.errors.map { .string($0.policyId) }))])
    } catch let e as ParseError {
        return .object([("decision", .string("parse_error")), ("message", .string(e.description))])
    } catch {
        return .object([("decision", .string("other_error")), ("message", .string("\(error)"))])
    }
}

/// Cases whose reference answers are fixed by Cedar's semantics: a permit, forbid overriding permit, no match,
/// group membership through `parents`, an erroring condition (deny, the policy listed under `errors`), a parse
/// error and an unusable request.
@Test("differential probe answers known cases as the reference engine does")
func differentialProbeKnownCases() throws {
    let request = #"{"principal":{"type":"User","id":"alice"},"action":{"type":"Action","id":"read"},"resource":{"type":"Photo","id":"p"}}"#
    let entities = #"[{"uid":{"type":"User","id":"alice"},"attrs":{},"parents":[{"type":"Group","id":"g"}]},{"uid":{"type":"Photo","id":"p"},"attrs":{},"parents":[]}]"#
    func probe(_ policies: String, request: String = request) throws -> JSONValue {
        let line = #"{"policies":\#(JSONValue.string(policies).serialized),"entities":\#(entities),"request":\#(request)}"#
        return differentialProbe(try JSONValue.parse(line))
    }
    func answer(_ decision: String, _ reason: [String], _ errors: [String] = []) -> JSONValue {
        .object([("decision", .string(decision)), ("reason", .array(reason.map(JSONValue.string))),
                 ("errors", .array(errors.map(JSONValue.string)))])
    }

    #expect(try probe("permit(principal, action, resource);") == answer("allow", ["policy0"]))
    #expect(try probe(#"permit(principal, action, resource); forbid(principal == User::"alice", action, resource);"#)
        == answer("deny", ["policy1"]))
    #expect(try probe(#"permit(principal == User::"bob", action, resource);"#) == answer("deny", []))
    #expect(try probe(#"permit(principal in Group::"g", action == Action::"read", resource);"#) == answer("allow", ["policy0"]))
    #expect(try probe("permit(principal, action, resource) when { resource.missing == 1 }; permit(principal, action, resource);")
        == answer("allow", ["policy1"], ["policy0"]))
    #expect(try probe("permit(principal, action, resource) when { resource.missing == 1 };") == answer("deny", [], ["policy0"]))
    #expect(try probe("permit(principal, action resource);")["decision"] == .string("parse_error"))
    #expect(try probe("permit(principal, action, resource);", request: #"{"principal":{"type":"User","id":"alice"}}"#)["decision"]
        == .string("other_error"))
}

/// Developer aid: with `CEDAR_DIFF_INPUT` (JSON lines of cases) and `CEDAR_DIFF_OUTPUT` set, answers every case
/// into the output file, one line each, for comparison with the reference; every case must be runnable (a
/// harness error, `other_error`, fails the test).
@Test("differential probe over CEDAR_DIFF_INPUT (only when set)")
func differentialProbeFile() throws {
    let env = ProcessInfo.processInfo.environment
    guard let input = env["CEDAR_DIFF_INPUT"], let output = env["CEDAR_DIFF_OUTPUT"] else { return }
    let lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n")
    let answers = try lines.map { differentialProbe(try JSONValue.parse(String($0))) }
    #expect(answers.count == lines.count)
    for (line, answer) in zip(lines, answers) {
        #expect(answer["decision"] != .string("other_error"), "\(line) → \(answer.serialized)")
    }
    try answers.map(\.serialized).joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
}
