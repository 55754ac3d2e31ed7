import Foundation
import GatehouseTestSupport
import Testing
@testable import Cedar

/// Runs the cedar-integration-tests format (hand-written `tests/` and the generated corpus).
///
/// Locating the corpus: `CEDAR_CORPUS_DIR`, else `../shared/cedar-corpus` next to the repo root.
/// `CEDAR_CORPUS_UNPACKED` may point at an already unpacked `corpus-tests` parent to skip untarring.
/// `CEDAR_CORPUS_LIMIT` is the number of generated cases (sorted by name) to run; `all` = every case.
enum Conformance {
    struct Outcome {
        var passedFiles = 0
        var failedFiles = 0
        var passedRequests = 0
        var failedRequests = 0
        var failures: [String] = []

        mutating func merge(_ o: Outcome) {
            passedFiles += o.passedFiles; failedFiles += o.failedFiles
            passedRequests += o.passedRequests; failedRequests += o.failedRequests
            failures += o.failures
        }
    }

    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var expectedCorpusDir: URL {
        ProcessInfo.processInfo.environment["CEDAR_CORPUS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.deletingLastPathComponent().appendingPathComponent("shared/cedar-corpus")
    }

    static var corpusDir: URL? {
        let url = expectedCorpusDir
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("tests").path) ? url : nil
    }

    /// The corpus directory; without it the corpus tests fail (a missing corpus must never pass as "skipped").
    static func requireCorpusDir() throws -> URL {
        try #require(corpusDir, "Cedar corpus not found: \(expectedCorpusDir.path)/tests is missing (set CEDAR_CORPUS_DIR)")
    }

    static var limit: Int? {
        let v = ProcessInfo.processInfo.environment["CEDAR_CORPUS_LIMIT"] ?? "1000"
        if v.lowercased() == "all" { return nil }
        return Int(v) ?? 1000
    }

    /// Hook for the schema validator: whether `policies` validate against the schema
    /// text (nil = skip the `shouldValidate` check). Uses the library's `Validator`;
    /// set `CEDAR_CONFORMANCE_SKIP_VALIDATION=1` to check authorization answers only.
    static func validatePolicies(_ policies: PolicySet, schemaText: String) -> Bool? {
        if ProcessInfo.processInfo.environment["CEDAR_CONFORMANCE_SKIP_VALIDATION"] == "1" { return nil }
        guard let schema = try? Schema(parsing: schemaText) else { return nil }
        return Validator(schema: schema).validate(policies).isValid
    }

    /// Unpacks `corpus-tests.tar.gz` into a fresh temp directory; returns the directory containing `corpus-tests/`.
    static func unpackCorpus(_ root: URL) throws -> URL {
        if let pre = ProcessInfo.processInfo.environment["CEDAR_CORPUS_UNPACKED"], !pre.isEmpty {
            return URL(fileURLWithPath: pre)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cedar-corpus-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tar = try ChildProcess.run("/usr/bin/env", ["tar", "xzf", root.appendingPathComponent("corpus-tests.tar.gz").path, "-C", dir.path])
        guard tar.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return dir
    }

    static func listTests(in dir: URL, recursive: Bool) -> [URL] {
        let fm = FileManager.default
        var out: [URL] = []
        if recursive {
            let e = fm.enumerator(at: dir, includingPropertiesForKeys: nil)
            while let u = e?.nextObject() as? URL { out.append(u) }
        } else {
            out = (try? fm.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
        }
        return out.filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix(".entities.json") && !$0.path.contains("sample-data") }
            .sorted { $0.path < $1.path }
    }

    /// Runs one test file. `base` is the directory its relative paths resolve against.
    static func run(testFile: URL, base: URL) -> Outcome {
        var o = Outcome()
        let name = testFile.lastPathComponent
        func fail(_ msg: String, requests: Int = 1) -> Outcome {
            var r = o
            r.failedFiles += 1
            r.failedRequests += requests
            r.failures.append("\(name): \(msg)")
            return r
        }
        guard let data = try? Data(contentsOf: testFile), let doc = try? JSONValue.parse(bytes: Array(data)) else {
            return fail("unreadable test JSON")
        }
        guard case let .string(policiesPath)? = doc["policies"], case let .string(entitiesPath)? = doc["entities"],
              case let .string(schemaPath)? = doc["schema"], case let .array(requests)? = doc["requests"] else {
            return fail("malformed test JSON")
        }
        func read(_ rel: String) -> String? {
            (try? Data(contentsOf: base.appendingPathComponent(rel))).flatMap { String(data: $0, encoding: .utf8) }
        }
        guard let policyText = read(policiesPath), let entitiesText = read(entitiesPath) else {
            return fail("missing files")
        }
        let schemaText = read(schemaPath) ?? ""
        let policies: PolicySet
        do { policies = try PolicySet(parsing: policyText) } catch {
            return fail("policy parse error: \(error)", requests: requests.count)
        }
        if case let .bool(should)? = doc["shouldValidate"], let valid = validatePolicies(policies, schemaText: schemaText), valid != should {
            return fail("validation result \(valid), expected \(should)", requests: requests.count)
        }
        let schema: Schema?
        do { schema = try Schema(parsing: schemaText) } catch {
            return fail("schema parse error: \(error)", requests: requests.count)
        }
        let entities: Entities
        do { entities = try Entities(json: entitiesText, schema: schema) } catch {
            return fail("entities error: \(error)", requests: requests.count)
        }
        var fileOK = true
        for (idx, rq) in requests.enumerated() {
            do {
                let request = try makeRequest(rq, schema: schema)
                let response = Authorizer().isAuthorized(request, policies: policies, entities: entities)
                let expDecision: String
                if case let .string(d)? = rq["decision"] { expDecision = d.lowercased() } else { expDecision = "?" }
                let expReason = stringList(rq["reason"]).sorted()
                let expErrors = stringList(rq["errors"]).sorted()
                let gotErrors = Array(Set(response.errorPolicyIds)).sorted()
                if response.decision.rawValue == expDecision && response.reason == expReason && gotErrors == expErrors {
                    o.passedRequests += 1
                } else {
                    fileOK = false
                    o.failedRequests += 1
                    o.failures.append("\(name) request \(idx): expected \(expDecision) \(expReason) errors \(expErrors); got \(response.decision.rawValue) \(response.reason) errors \(response.errors.map(\.description))")
                }
            } catch {
                fileOK = false
                o.failedRequests += 1
                o.failures.append("\(name) request \(idx): \(error)")
            }
        }
        if fileOK { o.passedFiles += 1 } else { o.failedFiles += 1 }
        return o
    }

    static func stringList(_ v: JSONValue?) -> [String] {
        guard case let .array(items)? = v else { return [] }
        return items.compactMap { if case let .string(s) = $0 { return s } else { return nil } }
    }

    static func makeRequest(_ rq: JSONValue, schema: Schema?) throws -> Request {
        guard let p = rq["principal"], let a = rq["action"], let r = rq["resource"] else {
            throw EntitiesError.json("request lacks principal/action/resource")
        }
        let action = try CedarJSON.entityUID(from: a)
        let context = try CedarJSON.context(from: rq["context"] ?? .object([]), schema: schema, action: action)
        let request = Request(principal: try CedarJSON.entityUID(from: p), action: action,
                              resource: try CedarJSON.entityUID(from: r), context: context)
        // The reference harness builds requests with validation when `validateRequest` is true
        // (the default); every expected result assumes the request passed it.
        if let schema, rq["validateRequest"] != .bool(false) { try schema.validate(request) }
        return request
    }
}
