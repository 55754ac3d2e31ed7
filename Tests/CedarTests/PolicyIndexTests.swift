import Foundation
import Testing
@testable import Cedar

/// The scope index must only skip policies whose scope cannot match: compare it
/// against evaluating every policy, over many scope shapes and requests.
@Suite("PolicyIndex")
struct PolicyIndexTests {
    let entities = try! Entities(json: """
        [{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "Group", "id": "staff"}]},
         {"uid": {"type": "Group", "id": "staff"}, "attrs": {}, "parents": [{"type": "Group", "id": "all"}]},
         {"uid": {"type": "Folder", "id": "sub"}, "attrs": {}, "parents": [{"type": "Folder", "id": "root"}]},
         {"uid": {"type": "Doc", "id": "d"}, "attrs": {}, "parents": [{"type": "Folder", "id": "sub"}]},
         {"uid": {"type": "Action", "id": "view"}, "attrs": {}, "parents": [{"type": "Action", "id": "read"}]},
         {"uid": {"type": "Action", "id": "read"}, "attrs": {}, "parents": [{"type": "Action", "id": "any"}]}]
        """)

    static let principals = ["principal", "principal == User::\"alice\"", "principal == User::\"bob\"",
                             "principal in Group::\"staff\"", "principal in Group::\"all\"", "principal in Group::\"x\"",
                             "principal in User::\"alice\"", "principal is User", "principal is Group",
                             "principal is User in Group::\"all\"", "principal is Group in Group::\"all\"",
                             "principal == ?principal", "principal in ?principal"]
    static let actions = ["action", "action == Action::\"view\"", "action == Action::\"read\"", "action in Action::\"any\"",
                          "action in [Action::\"edit\", Action::\"read\"]", "action in []", "action in Action::\"edit\""]
    static let resources = ["resource", "resource == Doc::\"d\"", "resource in Folder::\"root\"", "resource in Folder::\"other\"",
                            "resource is Doc", "resource is Doc in Folder::\"sub\"", "resource in Doc::\"d\"", "resource in ?resource"]

    /// Evaluates every effective policy, in order: the result without the index.
    func bruteForce(_ request: Request, _ set: PolicySet) -> [String] {
        let ev = Evaluator(request: request, entities: entities)
        return set.effectivePolicies.compactMap { p in
            do { return try ev.isSatisfied(p) ? p.id : nil } catch { return "error:" + p.id }
        }
    }

    func indexed(_ request: Request, _ set: PolicySet) -> [String] {
        let ev = Evaluator(request: request, entities: entities)
        return set.index.candidates(for: request, entities: entities).compactMap { i in
            let p = set.effectivePolicies[i]
            do { return try ev.isSatisfied(p) ? p.id : nil } catch { return "error:" + p.id }
        }
    }

    @Test func matchesBruteForce() throws {
        var text = ""
        for p in Self.principals { for a in Self.actions { for r in Self.resources {
            text += "permit(\(p), \(a), \(r));\n"
        } } }
        var set = try PolicySet(parsing: text)
        // Link some templates so linked policies are indexed as well.
        for (n, t) in set.templates.prefix(40).enumerated() {
            var values: [SlotId: EntityUID] = [:]
            if t.slots.contains(.principal) { values[.principal] = n % 2 == 0 ? EntityUID(type: "Group", id: "all") : EntityUID(type: "User", id: "alice") }
            if t.slots.contains(.resource) { values[.resource] = n % 3 == 0 ? EntityUID(type: "Folder", id: "root") : EntityUID(type: "Doc", id: "e") }
            try set.link(TemplateLink(id: "link\(n)", templateId: t.id, values: values))
        }
        let users = [EntityUID(type: "User", id: "alice"), EntityUID(type: "User", id: "bob"), EntityUID(type: "Group", id: "staff"),
                     EntityUID(type: "Group", id: "all")]
        let acts = ["view", "read", "any", "edit", "other"].map { EntityUID(type: "Action", id: $0) }
        let res = [EntityUID(type: "Doc", id: "d"), EntityUID(type: "Doc", id: "e"), EntityUID(type: "Folder", id: "sub"),
                   EntityUID(type: "Folder", id: "root")]
        var matched = 0
        for u in users { for a in acts { for r in res {
            let req = Request(principal: u, action: a, resource: r)
            let expected = bruteForce(req, set)
            #expect(indexed(req, set) == expected, "\(u) \(a) \(r)")
            matched += expected.count
        } } }
        #expect(matched > 0)
    }

    @Test func skipsUnrelatedPolicies() throws {
        var text = ""
        for i in 0..<100 { text += "permit(principal in Group::\"g\(i)\", action, resource in Folder::\"f\(i)\");\n" }
        let set = try PolicySet(parsing: text)
        let req = Request(principal: EntityUID(type: "User", id: "alice"), action: EntityUID(type: "Action", id: "view"),
                          resource: EntityUID(type: "Doc", id: "d"))
        #expect(set.index.candidates(for: req, entities: entities).isEmpty)
    }

    @Test func rejectsEntityCycles() {
        #expect(throws: EntitiesError.self) {
            try Entities(json: #"[{"uid": {"type": "User", "id": "a"}, "attrs": {}, "parents": [{"type": "User", "id": "a"}]}]"#)
        }
        #expect(throws: EntitiesError.self) {
            try Entities(json: """
                [{"uid": {"type": "G", "id": "a"}, "attrs": {}, "parents": [{"type": "G", "id": "b"}]},
                 {"uid": {"type": "G", "id": "b"}, "attrs": {}, "parents": [{"type": "G", "id": "a"}]}]
                """)
        }
    }

    @Test func reservedCedarIdentifier() {
        for bad in ["permit(principal is __cedar::User, action, resource);",
                    "permit(principal == Cloudinary::__cedar::\"x\", action, resource);",
                    "permit(principal, action, resource) when { principal.__cedar };",
                    "permit(principal, action, resource) when { principal has __cedar };",
                    "permit(principal, action, resource) when { {__cedar: 1} == {} };"] {
            #expect((try? PolicySet(parsing: bad)) == nil, "\(bad)")
        }
        for good in ["permit(principal == __cedarX::\"x\", action, resource);",
                     "@__cedar(\"x\") permit(principal, action, resource);",
                     "permit(principal, action, resource) when { principal has \"__cedar\" && principal[\"__cedar\"] == 1 };"] {
            #expect((try? PolicySet(parsing: good)) != nil, "\(good)")
        }
    }

    @Test func jsonTypeNames() {
        for (s, ok) in [("User", true), ("A::B::User", true), ("_x1::Y_2", true), ("", false), ("A::", false), ("::A", false),
                        ("A:::B", false), ("A:B", false), ("1A", false), ("A::in", false), ("__cedar::User", false),
                        ("A::__cedar", false), ("__cedarX", true), ("Ünicode", false), ("A B", false)] {
            #expect(CedarJSON.isValidTypeName(s) == ok, "\(s)")
        }
        #expect(CedarJSON.typeName("A::B::C") == Name(path: ["A", "B"], id: "C"))
    }
}
