import Foundation
import Testing
@testable import Cedar

/// Partial evaluation's contract: for every filling-in of the unknowns, the
/// residuals answer exactly as full evaluation of the completed request does
/// (decision, determining policies, erroring policies). Checked on hand cases
/// and over the reference corpus, completing each unknown resource or principal
/// with every entity of the test's store. The differential test
/// (`Tests/cedar-diff/partial_check.py`) compares decisions with the reference's partial evaluator.
@Suite("Partial evaluation")
struct PartialEvaluationTests {
    let entities = try! Entities(json: """
        [{"uid":{"type":"User","id":"alice"},"attrs":{"level":3},"parents":[{"type":"Group","id":"g"}]},
         {"uid":{"type":"User","id":"bob"},"attrs":{"level":1},"parents":[]},
         {"uid":{"type":"Photo","id":"p1"},"attrs":{"owner":{"__entity":{"type":"User","id":"alice"}},"private":false},
          "parents":[{"type":"Folder","id":"f1"}]},
         {"uid":{"type":"Photo","id":"p2"},"attrs":{"owner":{"__entity":{"type":"User","id":"bob"}},"private":true},"parents":[]},
         {"uid":{"type":"Folder","id":"f1"},"attrs":{},"parents":[]}]
        """)
    let view = EntityUID(type: "Action", id: "view")

    @Test("residuals keep only what depends on the unknown resource")
    func residuals() throws {
        let set = try PolicySet(parsing: """
            permit(principal == User::"alice", action == Action::"view", resource in Folder::"f1");
            permit(principal, action == Action::"view", resource) when { resource.owner == principal };
            forbid(principal, action, resource) when { resource.private && principal.level < 2 };
            permit(principal, action == Action::"edit", resource);
            permit(principal, action, resource) when { principal.level > 5 };
            permit(principal, action, resource) when { principal.nope };
            """)
        let r = Authorizer().isAuthorizedPartial(PartialRequest(principal: EntityUID(type: "User", id: "alice"), action: view,
                                                                resource: nil), policies: set, entities: entities)
        #expect(r.decision == nil)
        #expect(r.satisfied.isEmpty)
        // policy2 stays: `resource.private` may fail for some resource, which is an error, not a no.
        #expect(r.residuals.map(\.id) == ["policy0", "policy1", "policy2"])
        #expect(r.errors.map(\.policyId) == ["policy5"])
        let formatter = PolicyFormatter()
        #expect(r.residuals.map { formatter.format($0.conditions[0].body) } == [
            #"true && resource in Folder::"f1""#,
            #"true && resource.owner == User::"alice""#,
            "true && (resource.private && false)",
        ])
        for resource in ["p1", "p2", "f1"].map({ EntityUID(type: "Photo", id: $0) }) {
            let full = Request(principal: EntityUID(type: "User", id: "alice"), action: view, resource: resource)
            #expect(r.reauthorize(full, entities: entities) == Authorizer().isAuthorized(full, policies: set, entities: entities))
        }
    }

    @Test("a satisfied forbid decides; a residual forbid leaves the decision open")
    func decisions() throws {
        let set = try PolicySet(parsing: """
            permit(principal, action, resource);
            forbid(principal == User::"bob", action, resource);
            """)
        let bob = Authorizer().isAuthorizedPartial(PartialRequest(principal: EntityUID(type: "User", id: "bob"), action: view,
                                                                  resource: nil), policies: set, entities: entities)
        #expect(bob.decision == .deny && bob.reason == ["policy1"])
        let anyone = Authorizer().isAuthorizedPartial(PartialRequest(principal: nil, action: view, resource: nil),
                                                      policies: set, entities: entities)
        #expect(anyone.decision == nil && anyone.residuals.map(\.id) == ["policy1"])
        let alice = Authorizer().isAuthorizedPartial(PartialRequest(principal: EntityUID(type: "User", id: "alice"), action: view,
                                                                    resource: nil), policies: set, entities: entities)
        #expect(alice.decision == .allow && alice.reason == ["policy0"])
    }

    @Test("an error after an unknown is kept, not raised: the full evaluation may never reach it")
    func conditionalErrors() throws {
        let set = try PolicySet(parsing: """
            permit(principal, action, resource) when { resource.private && principal.nope };
            permit(principal, action, resource) when { if context.flag then 1 + "a" == 2 else true };
            """)
        let alice = EntityUID(type: "User", id: "alice")
        let r = Authorizer().isAuthorizedPartial(PartialRequest(principal: alice, action: view, resource: nil, context: nil),
                                                 policies: set, entities: entities)
        #expect(r.errors.isEmpty && r.residuals.count == 2)
        for (resource, flag) in [("p1", true), ("p2", false), ("p2", true)] {
            let full = Request(principal: alice, action: view, resource: EntityUID(type: "Photo", id: resource), context: ["flag": .bool(flag)])
            #expect(r.reauthorize(full, entities: entities) == Authorizer().isAuthorized(full, policies: set, entities: entities))
        }
    }

    @Test("over the reference corpus, residuals answer as full evaluation for every entity filled in")
    func corpus() throws {
        let root = try Conformance.requireCorpusDir()
        let unpacked = try Conformance.unpackCorpus(root)
        defer {
            if (ProcessInfo.processInfo.environment["CEDAR_CORPUS_UNPACKED"] ?? "").isEmpty {
                try? FileManager.default.removeItem(at: unpacked)
            }
        }
        var files = Conformance.listTests(in: unpacked.appendingPathComponent("corpus-tests"), recursive: false)
        let limit = ProcessInfo.processInfo.environment["CEDAR_PARTIAL_LIMIT"] ?? "1000"
        if limit != "all" { files = Array(files.prefix(Int(limit) ?? 1000)) }
        let hand = Conformance.listTests(in: root.appendingPathComponent("tests"), recursive: true)
        var compared = 0
        for (file, base) in hand.map({ ($0, root) }) + files.map({ ($0, unpacked) }) {
            guard let scenario = PartialScenario(testFile: file, base: base) else { continue }
            compared += scenario.check()
        }
        print("partial evaluation: \(compared) completions compared with full evaluation")
        #expect(compared > 5_000)
    }
}

/// One corpus test file, loaded for the partial-evaluation check.
struct PartialScenario {
    let name: String
    let policies: PolicySet
    let entities: Entities
    let requests: [Request]

    init?(testFile: URL, base: URL) {
        guard let data = try? Data(contentsOf: testFile), let doc = try? JSONValue.parse(bytes: Array(data)),
              case let .string(policiesPath)? = doc["policies"], case let .string(entitiesPath)? = doc["entities"],
              case let .array(rqs)? = doc["requests"] else { return nil }
        func read(_ rel: String) -> String? {
            (try? Data(contentsOf: base.appendingPathComponent(rel))).flatMap { String(data: $0, encoding: .utf8) }
        }
        let schema = (doc["schema"]).flatMap { v -> Schema? in
            guard case let .string(p) = v, let text = read(p) else { return nil }
            return try? Schema(parsing: text)
        }
        guard let pt = read(policiesPath), let et = read(entitiesPath), let ps = try? PolicySet(parsing: pt),
              let es = try? Entities(json: et, schema: schema) else { return nil }
        name = testFile.lastPathComponent
        policies = ps
        entities = es
        requests = rqs.compactMap { try? Conformance.makeRequest($0, schema: schema) }
    }

    /// Compares reauthorized residuals with full evaluation; returns the number of completions compared.
    func check() -> Int {
        let authorizer = Authorizer()
        let candidates = Array(entities.entities.keys)
        var compared = 0
        for rq in requests {
            let unknownCases: [(PartialRequest, (EntityUID) -> Request)] = [
                (PartialRequest(principal: rq.principal, action: rq.action, resource: nil, context: rq.context),
                 { Request(principal: rq.principal, action: rq.action, resource: $0, context: rq.context) }),
                (PartialRequest(principal: nil, action: rq.action, resource: rq.resource, context: rq.context),
                 { Request(principal: $0, action: rq.action, resource: rq.resource, context: rq.context) }),
                (PartialRequest(principal: rq.principal, action: rq.action, resource: nil, context: nil),
                 { Request(principal: rq.principal, action: rq.action, resource: $0, context: rq.context) }),
            ]
            for (partial, complete) in unknownCases {
                let answer = authorizer.isAuthorizedPartial(partial, policies: policies, entities: entities)
                for uid in candidates + [rq.resource, rq.principal] {
                    let full = complete(uid)
                    let expected = authorizer.isAuthorized(full, policies: policies, entities: entities)
                    let got = answer.reauthorize(full, entities: entities)
                    #expect(got.decision == expected.decision && got.reason == expected.reason
                            && got.errorPolicyIds == expected.errorPolicyIds,
                            "\(name): \(partial.unknowns) completed with \(uid): full \(expected), residuals \(got)")
                    if let d = answer.decision { #expect(d == expected.decision, "\(name): partial decided \(d), full \(expected)") }
                    compared += 1
                }
            }
        }
        return compared
    }
}
