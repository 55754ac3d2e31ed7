import Foundation
import Testing
@testable import Cedar

/// Developer aid for differential testing against the reference engine (e.g. via
/// the `cedarpy` Python package). Inactive unless `CEDAR_DIFF_INPUT` is set: reads
/// JSON lines `{"policies": "...", "entities": [...], "request": {...}}` and writes
/// one result line per case to `CEDAR_DIFF_OUTPUT`.
@Test("differential probe (only with CEDAR_DIFF_INPUT)")
func differentialProbe() throws {
    let env = ProcessInfo.processInfo.environment
    guard let input = env["CEDAR_DIFF_INPUT"], let output = env["CEDAR_DIFF_OUTPUT"] else { return }
    let lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n")
    var out: [String] = []
    for line in lines {
        let c = try JSONValue.parse(String(line))
        guard case let .string(text)? = c["policies"] else { continue }
        let result: JSONValue
        do {
            let set = try PolicySet(parsing: text)
            let entities = try Entities(jsonValue: c["entities"] ?? .array([]))
            let req = try AuthorizationRequest(jsonLine: (c["request"] ?? .null).serialized).request()
            let r = Authorizer().isAuthorized(req, policies: set, entities: entities)
            result = .object([("decision", .string(r.decision.rawValue)),
                              ("reason", .array(r.reason.map(JSONValue.string))),
                              ("errors", .array(r.errors.map { .string($0.policyId) }))])
        } catch let e as ParseError {
            result = .object([("decision", .string("parse_error")), ("message", .string(e.description))])
        } catch {
            result = .object([("decision", .string("other_error")), ("message", .string("\(error)"))])
        }
        out.append(result.serialized)
    }
    try out.joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
}
