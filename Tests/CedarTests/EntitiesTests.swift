import Testing
@testable import Cedar

@Suite("Entities JSON")
struct EntitiesTests {
    @Test func parsesEscapesAndHierarchy() throws {
        let es = try Entities(json: """
            [{"uid": {"__entity": {"type": "NS::User", "id": "a"}}, "attrs": {
                "ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}},
                "boss": {"__entity": {"type": "NS::User", "id": "b"}},
                "plain": {"type": "NS::User", "id": "b"},
                "n": -9223372036854775808, "set": [1, 1, 2]},
              "parents": [{"type": "G", "id": "g1"}], "tags": {"t": true}},
             {"uid": {"type": "G", "id": "g1"}, "attrs": {}, "parents": [{"type": "G", "id": "g2"}]}]
            """)
        let a = EntityUID(type: "NS::User", id: "a")
        let e = try #require(es[a])
        #expect(e.attributes["ip"] == .ext(.ipaddr(IPAddr("10.0.0.1")!)))
        #expect(e.attributes["boss"] == .entity(EntityUID(type: "NS::User", id: "b")))
        #expect(e.attributes["plain"] == .record(["type": "NS::User", "id": "b"]))
        #expect(e.attributes["n"] == .long(Int64.min))
        #expect(e.attributes["set"] == .set([1, 2]))
        #expect(e.tags["t"] == .bool(true))
        #expect(es.isDescendant(a, of: EntityUID(type: "G", id: "g2")))
        #expect(!es.isDescendant(a, of: a))
    }

    @Test func rejectsInvalidData() {
        let bad = [
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": 1.5}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": 9223372036854775808}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": null}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"x": {"__extn": {"fn": "ip", "arg": "nope"}}}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"a": 1}, "parents": []}, {"uid": {"type": "U", "id": "a"}, "attrs": {"a": 2}, "parents": []}]"#,
            #"[{"uid": {"type": "if", "id": "a"}, "attrs": {}, "parents": []}]"#,
            #"[{"uid": {"type": "U", "id": "a"}, "attrs": {"k": 1, "k": 2}, "parents": []}]"#,
        ]
        for text in bad {
            #expect((try? Entities(json: text)) == nil, "\(text)")
        }
    }

    @Test func schemaDirectedDecoding() throws {
        let schema = try Schema(parsing: """
            namespace App {
              type Addr = { ip: ipaddr };
              entity Group;
              entity User in [Group] { home: Addr, manager?: User, scores: Set<decimal> };
              action read;
              action view in [read] appliesTo { principal: [User], resource: [User], context: { when: datetime } };
            }
            """)
        let es = try Entities(json: """
            [{"uid": {"type": "App::User", "id": "a"}, "attrs": {
                "home": {"ip": "192.168.0.1"}, "manager": {"type": "App::User", "id": "b"}, "scores": ["1.5"]}, "parents": []}]
            """, schema: schema)
        let e = try #require(es[EntityUID(type: "App::User", id: "a")])
        #expect(e.attributes["home"] == .record(["ip": .ext(.ipaddr(IPAddr("192.168.0.1")!))]))
        #expect(e.attributes["manager"] == .entity(EntityUID(type: "App::User", id: "b")))
        #expect(e.attributes["scores"] == .set([.ext(.decimal(CedarDecimal("1.5")!))]))
        // Action hierarchy comes from the schema.
        #expect(es.isDescendant(EntityUID(type: "App::Action", id: "view"), of: EntityUID(type: "App::Action", id: "read")))
        let ctx = try CedarJSON.context(from: try JSONValue.parse(#"{"when": "2024-01-01"}"#), schema: schema,
                                        action: EntityUID(type: "App::Action", id: "view"))
        #expect(ctx["when"] == .ext(.datetime(DatetimeSupport.parseDatetime("2024-01-01")!)))
    }
}
