import Foundation
import Testing
@testable import Cedar

/// Schemas keep what `jsonText` needs to write them back as declared: annotations
/// on namespaces, entity types, actions, common types and attributes, and the
/// names of common types where a declaration used them (instead of inlining them).
@Suite("Schema annotations and named common types")
struct SchemaAnnotationTests {
    static let human = """
        @doc("media library")
        namespace Media {
          @doc("a postal address")
          type Address = { @doc("street and number") street: String, city?: String };
          @doc("a person") @internal
          entity User { home: Address, previous: Set<Address>, manager?: User };
          entity Photo;
          @doc("look at a photo")
          action view appliesTo { principal: User, resource: Photo, context: { from: Address } };
        }
        """

    @Test("annotations are kept and written back")
    func annotations() throws {
        let s = try Schema(parsing: Self.human)
        #expect(s.annotations(ofNamespace: "Media") == ["doc": "media library"])
        #expect(s.annotations(ofEntityType: Name(path: ["Media"], id: "User")) == ["doc": "a person", "internal": ""])
        #expect(s.annotations(ofAction: EntityUID(type: Name(path: ["Media"], id: "Action"), id: "view")) == ["doc": "look at a photo"])
        #expect(s.annotations(ofCommonType: Name(path: ["Media"], id: "Address")) == ["doc": "a postal address"])
        guard case let .record(address)? = s.commonTypes[Name(path: ["Media"], id: "Address")] else {
            Issue.record("Address is not a record")
            return
        }
        #expect(address["street"]?.annotations == ["doc": "street and number"])
        let back = try Schema(json: s.jsonText)
        #expect(back == s)
        #expect(back.annotations(ofEntityType: Name(path: ["Media"], id: "User")) == ["doc": "a person", "internal": ""])
        #expect(back.annotations(ofNamespace: "Media") == ["doc": "media library"])
        #expect(back.jsonText == s.jsonText)
    }

    @Test("common types stay named where the schema named them")
    func namedCommonTypes() throws {
        let s = try Schema(parsing: Self.human)
        let json = try JSONValue.parse(s.jsonText)
        let ref: JSONValue = .object([("type", .string("EntityOrCommon")), ("name", .string("Media::Address"))])
        let user = json["Media"]?["entityTypes"]?["User"]?["shape"]?["attributes"]
        #expect(user?["home"] == ref)
        #expect(user?["previous"]?["element"] == ref)
        #expect(user?["manager"] == .object([("type", .string("Entity")), ("name", .string("Media::User")), ("required", .bool(false))]))
        #expect(json["Media"]?["actions"]?["view"]?["appliesTo"]?["context"]?["attributes"]?["from"] == ref)
        #expect(json["Media"]?["commonTypes"]?["Address"]?["type"] == .string("Record"))
        // The JSON syntax's own spelling of a common type reference is written the same way.
        let fromJSON = try Schema(json: """
            {"N": {"commonTypes": {"Id": {"type": "String"}}, "entityTypes": {"U": {"shape": {"type": "Record",
             "attributes": {"id": {"type": "Id"}}}}}, "actions": {}}}
            """)
        #expect(fromJSON.jsonText.contains(#""id":{"type":"EntityOrCommon","name":"N::Id"}"#))
        #expect(try Schema(json: fromJSON.jsonText) == fromJSON)
    }

    @Test("a schema changed in code after parsing is written from its types")
    func changedInCode() throws {
        var s = try Schema(parsing: Self.human)
        let user = Name(path: ["Media"], id: "User")
        s.entityTypes[user]?.attributes = ["age": SchemaAttribute(type: .long, required: true)]
        let json = try JSONValue.parse(s.jsonText)
        #expect(json["Media"]?["entityTypes"]?["User"]?["shape"]?["attributes"]?["age"] == .object([("type", .string("Long"))]))
        #expect(try Schema(json: s.jsonText) == s)
    }
}
