import Foundation
import Testing
@testable import Cedar

@Suite("Authorizer")
struct AuthorizerTests {
    let entities = try! Entities(json: """
        [{"uid": {"type": "User", "id": "alice"}, "attrs": {"role": "admin"}, "parents": [{"type": "Group", "id": "staff"}]},
         {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]}]
        """)
    let request = Request(principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "view"),
                          resource: EntityUID(type: "Doc", id: "d"))

    func decide(_ text: String) throws -> Response {
        Authorizer().isAuthorized(request, policies: try PolicySet(parsing: text), entities: entities)
    }

    @Test func defaultDeny() throws {
        let r = try decide("")
        #expect(r.decision == .deny && r.reason.isEmpty && r.errors.isEmpty)
    }

    @Test func permitAndReasons() throws {
        let r = try decide("""
            permit(principal in Group::"staff", action in Action::"read", resource);
            permit(principal, action, resource) when { principal.role == "admin" };
            permit(principal == User::"bob", action, resource);
            """)
        #expect(r.decision == .allow)
        #expect(r.reason == ["policy0", "policy1"])
    }

    @Test func forbidOverridesPermit() throws {
        let r = try decide("""
            permit(principal, action, resource);
            forbid(principal, action == Action::"view", resource);
            """)
        #expect(r.decision == .deny)
        #expect(r.reason == ["policy1"])
    }

    @Test func erroringPoliciesAreSkippedAndReported() throws {
        let r = try decide("""
            forbid(principal, action, resource) when { principal.missing };
            permit(principal, action, resource);
            permit(principal, action, resource) when { 1 + "a" == 2 };
            """)
        #expect(r.decision == .allow)
        #expect(r.reason == ["policy1"])
        #expect(r.errorPolicyIds == ["policy0", "policy2"])
    }

    @Test func templatesApplyOnlyWhenLinked() throws {
        var set = try PolicySet(parsing: "permit(principal == ?principal, action, resource);")
        #expect(Authorizer().isAuthorized(request, policies: set, entities: entities).decision == .deny)
        try set.link(TemplateLink(id: "link1", templateId: "policy0", values: [.principal: EntityUID(type: "User", id: "alice")]))
        let r = Authorizer().isAuthorized(request, policies: set, entities: entities)
        #expect(r.decision == .allow && r.reason == ["link1"])
        #expect(throws: PolicySetError.self) {
            try set.link(TemplateLink(id: "link2", templateId: "policy0", values: [:]))
        }
    }

    @Test func indexDoesNotSkipApplicablePolicies() throws {
        var text = ""
        for i in 0..<500 { text += "permit(principal == User::\"u\(i)\", action == Action::\"a\(i)\", resource);\n" }
        text += "permit(principal, action in Action::\"read\", resource == Doc::\"d\");\n"
        let r = try decide(text)
        #expect(r.decision == .allow && r.reason == ["policy500"])
    }

    @Test func jsonLinesRoundTrip() throws {
        let set = try PolicySet(parsing: #"permit(principal, action, resource) when { context.n > 1 };"#)
        let line = #"{"principal":{"type":"User","id":"alice"},"action":{"type":"Action","id":"view"},"resource":{"type":"Doc","id":"d"},"context":{"n":2}}"#
        let resp = Authorizer().authorize(jsonLine: line, policies: set, entities: entities)
        #expect(resp.jsonLine == #"{"decision":"allow","reason":["policy0"],"errors":[],"errorMessages":[]}"#)
        #expect(resp.jsonObject["decision"] as? String == "allow")
        let decoded = try JSONDecoder().decode(AuthorizationRequest.self, from: Data(line.utf8))
        #expect(try decoded.request() == (try AuthorizationRequest(jsonLine: line).request()))
        let bad = Authorizer().authorize(jsonLine: "{", policies: set, entities: entities)
        #expect(bad.decision == .deny && !bad.errorMessages.isEmpty)
    }
}
