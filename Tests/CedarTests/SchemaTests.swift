import Testing
@testable import Cedar

@Suite("Schema")
struct SchemaTests {
    let schema = try! Schema(parsing: """
        // Photo sharing
        entity User, Admin in [Group];
        entity Group;
        entity Photo { owner: User, tags?: Set<String> } tags String;
        entity Color enum ["red", "green"];
        type Ctx = { authenticated: Bool, ip?: ipaddr };
        action view, "edit photo" appliesTo { principal: [User, Admin], resource: Photo, context: Ctx };
        action share in [view] appliesTo { principal: User, resource: [Photo] };
        """)

    @Test func parsesDeclarations() throws {
        #expect(schema.entityTypes.count == 5)
        #expect(schema.entityTypes[Name(id: "Photo")]?.attributes["tags"] == SchemaAttribute(type: .set(.string), required: false))
        #expect(schema.entityTypes[Name(id: "Photo")]?.tags == .string)
        #expect(schema.entityTypes[Name(id: "Color")]?.enumValues == ["red", "green"])
        #expect(schema.entityTypes[Name(id: "Admin")]?.memberOfTypes == [Name(id: "Group")])
        let edit = try #require(schema.actions[EntityUID(type: "Action", id: "edit photo")])
        #expect(edit.context == .record(["authenticated": SchemaAttribute(type: .bool, required: true),
                                         "ip": SchemaAttribute(type: .extension("ipaddr"), required: false)]))
        #expect(schema.actions[EntityUID(type: "Action", id: "share")]?.memberOf == [EntityUID(type: "Action", id: "view")])
    }

    @Test func validatesRequests() throws {
        let ok = Request(principal: EntityUID(type: "Admin", id: "a"), action: EntityUID(type: "Action", id: "view"),
                         resource: EntityUID(type: "Photo", id: "p"), context: ["authenticated": true])
        try schema.validate(ok)
        var bad = ok
        bad.context = [:]
        #expect(throws: RequestValidationError.self) { try schema.validate(bad) }
        bad = ok
        bad.context["extra"] = 1
        #expect(throws: RequestValidationError.self) { try schema.validate(bad) }
        bad = ok
        bad.principal = EntityUID(type: "Group", id: "g")
        #expect(throws: RequestValidationError.self) { try schema.validate(bad) }
        bad = ok
        bad.action = EntityUID(type: "Action", id: "nope")
        #expect(throws: RequestValidationError.self) { try schema.validate(bad) }
    }

    @Test func rejectsMalformedSchemas() {
        for text in ["entity User", "action view appliesTo { principal: [User] ", "type = Long;", "entity A { a: Set<Long };"] {
            #expect(throws: SchemaError.self, "\(text)") { try Schema(parsing: text) }
        }
    }
}

@Test func deeplyNestedSchemaTypesAreRejected() {
    let text = "entity A { a: " + String(repeating: "Set<", count: 100_000) + "Long" + String(repeating: ">", count: 100_000) + " };"
    #expect((try? Schema(parsing: text)) == nil)
    let rec = "entity A " + String(repeating: "{ a: ", count: 100_000) + "Long" + String(repeating: " }", count: 100_000) + ";"
    #expect((try? Schema(parsing: rec)) == nil)
}
