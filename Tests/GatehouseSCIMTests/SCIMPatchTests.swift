import GatehouseCore
import GatehouseSCIM
import Testing

@Suite("SCIMPatchRequest")
struct SCIMPatchTests {
    static let users = SCIMCatalog.userResourceType
    static let groups = SCIMCatalog.groupResourceType
    static let enterprise = SCIMCatalog.enterpriseUserSchemaID

    static func patch(_ operations: String, _ resource: JSONValue, _ type: SCIMResourceType = users) throws -> JSONValue {
        let body = SCIMFixtures.json(#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": "# + operations + "}")
        return try SCIMPatchRequest(json: body).apply(to: resource, as: type)
    }

    static let user = SCIMFixtures.json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "u-1", "externalId": "00u1",
         "userName": "dana@example.com", "displayName": "Dana Scully", "active": true,
         "name": {"givenName": "Dana", "familyName": "Scully", "formatted": "Dana Scully"},
         "emails": [{"value": "dana@example.com", "type": "work", "primary": true}],
         "groups": [{"value": "g-1", "display": "Agents"}],
         "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00Z", "lastModified": "2026-01-01T00:00:00Z"}}
        """)

    static let group = SCIMFixtures.json(
        """
        {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g-1", "displayName": "Agents",
         "members": [{"value": "u-1", "display": "Dana Scully"}, {"value": "u-2", "display": "Fox Mulder"}]}
        """)

    static func memberIDs(_ group: JSONValue) -> [String] {
        (group.scimMember("members")?.arrayValue ?? []).compactMap { $0.scimMember("value")?.stringValue }
    }

    // MARK: Okta

    @Test("Okta deactivates with a path-less replace of active, and reactivates")
    func oktaDeactivate() throws {
        let off = try Self.patch(#"[{"op": "replace", "value": {"active": false}}]"#, Self.user)
        #expect(off.scimMember("active") == .bool(false))
        var expected = Self.user
        expected.setSCIMMember("active", to: .bool(false))
        #expect(off == expected)
        let on = try Self.patch(#"[{"op": "replace", "value": {"active": true}}]"#, off)
        #expect(on == Self.user)
    }

    @Test("Okta renames a group with a path-less replace that repeats its id")
    func oktaRename() throws {
        let renamed = try Self.patch(
            #"[{"op": "replace", "value": {"id": "g-1", "displayName": "Special Agents"}}]"#, Self.group, Self.groups)
        #expect(renamed.scimMember("displayName") == .string("Special Agents"))
        #expect(renamed.scimMember("id") == .string("g-1"))
        #expect(throws: SCIMError.mutability("'id' is read-only")) {
            try Self.patch(#"[{"op": "replace", "value": {"id": "g-2"}}]"#, Self.group, Self.groups)
        }
    }

    @Test("Okta adds members as a list and removes one by a value filter")
    func oktaMembers() throws {
        let added = try Self.patch(
            #"[{"op": "add", "path": "members", "value": [{"value": "u-3", "display": "walter@example.com"}, {"value": "u-1", "display": "dana@example.com"}]}]"#,
            Self.group, Self.groups)
        #expect(Self.memberIDs(added) == ["u-1", "u-2", "u-3"])
        let removed = try Self.patch(#"[{"op": "remove", "path": "members[value eq \"u-2\"]"}]"#, added, Self.groups)
        #expect(Self.memberIDs(removed) == ["u-1", "u-3"])
        let again = try Self.patch(#"[{"op": "remove", "path": "members[value eq \"u-2\"]"}]"#, removed, Self.groups)
        #expect(again == removed)
        let replaced = try Self.patch(#"[{"op": "replace", "path": "members", "value": [{"value": "u-9"}]}]"#, removed, Self.groups)
        #expect(Self.memberIDs(replaced) == ["u-9"])
        let emptied = try Self.patch(#"[{"op": "replace", "path": "members", "value": []}]"#, replaced, Self.groups)
        #expect(emptied.scimMember("members") == nil)
    }

    @Test("Okta's password sync is refused: Gatehouse publishes no password attribute")
    func oktaPassword() {
        #expect(throws: SCIMError.invalidPath("'password' is not an attribute of User resources")) {
            try Self.patch(#"[{"op": "replace", "value": {"password": "t1meMa$heen"}}]"#, Self.user)
        }
    }

    // MARK: Entra ID

    @Test("Entra disables with capitalised ops and boolean strings")
    func entraDisable() throws {
        let off = try Self.patch(#"[{"op": "Replace", "path": "active", "value": "False"}]"#, Self.user)
        #expect(off.scimMember("active") == .bool(false))
        let on = try Self.patch(#"[{"op": "replace", "path": "active", "value": "True"}]"#, off)
        #expect(on.scimMember("active") == .bool(true))
        #expect(throws: SCIMError.invalidValue("'active' must be true or false")) {
            try Self.patch(#"[{"op": "Replace", "path": "active", "value": "Nope"}]"#, Self.user)
        }
    }

    @Test("Entra's attribute update: Add, Replace through a filter, sub-attributes")
    func entraUpdate() throws {
        let updated = try Self.patch(
            """
            [{"op": "Add", "path": "displayName", "value": "Dana K. Scully"},
             {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "dscully@fbi.example"},
             {"op": "Replace", "path": "name.familyName", "value": "Scully-Mulder"},
             {"op": "Add", "path": "name.givenName", "value": "Dana Katherine"},
             {"op": "Replace", "path": "externalId", "value": "a8b1c2"}]
            """, Self.user)
        #expect(updated.scimMember("displayName") == .string("Dana K. Scully"))
        #expect(updated.scimMember("emails") == SCIMFixtures.json(#"[{"value": "dscully@fbi.example", "type": "work", "primary": true}]"#))
        #expect(updated.scimMember("name") == SCIMFixtures.json(#"{"givenName": "Dana Katherine", "familyName": "Scully-Mulder", "formatted": "Dana Scully"}"#))
        #expect(updated.scimMember("externalId") == .string("a8b1c2"))
    }

    @Test("Entra's work email through a filter that matches nothing creates it")
    func entraCreatesWorkEmail() throws {
        var user = Self.user
        user.removeSCIMMember("emails")
        let added = try Self.patch(#"[{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "fox@fbi.example"}]"#, user)
        #expect(added.scimMember("emails") == SCIMFixtures.json(#"[{"type": "work", "value": "fox@fbi.example"}]"#))
        let home = try Self.patch(#"[{"op": "replace", "path": "emails[type eq \"home\"].value", "value": "dana@home.example"}]"#, Self.user)
        #expect(home.scimMember("emails")?.arrayValue?.count == 2)
        #expect(throws: SCIMError.noTarget("no emails value matches the filter, and the filter does not say what to create")) {
            try Self.patch(#"[{"op": "replace", "path": "emails[value co \"zzz\"].type", "value": "home"}]"#, Self.user)
        }
    }

    @Test("Entra's path-less replace with path keys (dotted, filtered, URN-qualified)")
    func entraPathlessPaths() throws {
        let updated = try Self.patch(
            """
            [{"op": "replace", "value": {"displayName": "D. Scully", "name.givenName": "D.",
              "emails[type eq \\"work\\"].value": "d@fbi.example",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "X-Files"}}]
            """, Self.user)
        #expect(updated.scimMember("displayName") == .string("D. Scully"))
        #expect(updated.scimMember("name")?.scimMember("givenName") == .string("D."))
        #expect(updated.scimMember("name")?.scimMember("familyName") == .string("Scully"))
        #expect(updated.scimMember("emails")?.arrayValue?.first?.scimMember("value") == .string("d@fbi.example"))
        #expect(updated.scimMember(Self.enterprise) == SCIMFixtures.json(#"{"department": "X-Files"}"#))
        #expect(updated.scimMember("schemas") == .array([.string(SCIMCatalog.userSchemaID), .string(Self.enterprise)]))
    }

    @Test("Entra's enterprise extension: qualified paths, a manager sent as a string, its removal")
    func entraEnterprise() throws {
        let added = try Self.patch(
            """
            [{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "value": "701984"},
             {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "u-7"}]
            """, Self.user)
        #expect(added.scimMember(Self.enterprise) == SCIMFixtures.json(#"{"employeeNumber": "701984", "manager": {"value": "u-7"}}"#))
        let noManager = try Self.patch(
            #"[{"op": "Remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}]"#, added)
        #expect(noManager.scimMember(Self.enterprise) == SCIMFixtures.json(#"{"employeeNumber": "701984"}"#))
        let none = try Self.patch(
            #"[{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"}]"#, noManager)
        #expect(none.scimMember(Self.enterprise) == nil)
        #expect(none.scimMember("schemas") == .array([.string(SCIMCatalog.userSchemaID)]))
    }

    @Test("Entra adds members as a list and removes them listed in value, or by a filter")
    func entraMembers() throws {
        let added = try Self.patch(#"[{"op": "Add", "path": "members", "value": [{"value": "u-3"}, {"value": "u-4"}]}]"#, Self.group, Self.groups)
        #expect(Self.memberIDs(added) == ["u-1", "u-2", "u-3", "u-4"])
        let removed = try Self.patch(#"[{"op": "Remove", "path": "members", "value": [{"value": "u-1"}, {"value": "u-4"}]}]"#, added, Self.groups)
        #expect(Self.memberIDs(removed) == ["u-2", "u-3"])
        let filtered = try Self.patch(#"[{"op": "Remove", "path": "members[value eq \"u-3\"]"}]"#, removed, Self.groups)
        #expect(Self.memberIDs(filtered) == ["u-2"])
        let all = try Self.patch(#"[{"op": "Remove", "path": "members"}]"#, filtered, Self.groups)
        #expect(all.scimMember("members") == nil)
        let renamed = try Self.patch(#"[{"op": "Replace", "path": "displayName", "value": "1879db59updatedDisplayName"}]"#, all, Self.groups)
        #expect(renamed.scimMember("displayName") == .string("1879db59updatedDisplayName"))
    }

    @Test("Entra clears a manager with an empty string")
    func entraClearsManager() throws {
        let set = try Self.patch(#"[{"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": "u-7"}]"#, Self.user)
        let cleared = try Self.patch(#"[{"op": "Replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "value": ""}]"#, set)
        #expect(cleared.scimMember(Self.enterprise) == nil)
        #expect(cleared.scimMember("schemas") == .array([.string(SCIMCatalog.userSchemaID)]))
    }

    @Test("a large group: batches of members added and removed by value, duplicates kept once")
    func largeGroup() throws {
        let existing: [JSONValue] = (0..<5_000).map { .object(["value": .string("u-\($0)")]) }
        var group = Self.group
        group.setSCIMMember("members", to: .array(existing))
        let adds: [JSONValue] = (4_000..<6_000).map { .object(["value": .string("u-\($0)")]) }
        let removes: [JSONValue] = (0..<2_500).map { .object(["value": .string("u-\($0 * 2)")]) }
        let request = SCIMPatchRequest(operations: [
            SCIMPatchOperation(op: .add, path: SCIMPatchPath(attribute: SCIMAttributePath(attribute: "members")), value: .array(adds)),
            SCIMPatchOperation(op: .remove, path: SCIMPatchPath(attribute: SCIMAttributePath(attribute: "members")), value: .array(removes)),
        ])
        let result = try request.apply(to: group, as: Self.groups)
        let ids = Self.memberIDs(result)
        #expect(ids.count == 3_500)
        #expect(Set(ids).count == 3_500)
        #expect(ids.first == "u-1" && ids.last == "u-5999")
        #expect(ids.contains("u-5000") && ids.contains("u-4999") && !ids.contains("u-4998"))
    }

    // MARK: RFC shapes

    @Test("path-less add of a whole extension object and of our Cloudinary extension")
    func extensionObjects() throws {
        let added = try Self.patch(
            """
            [{"op": "add", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1", "manager": {"value": "u-9"}}}},
             {"op": "add", "value": {"urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User": {"environments": "all", "roles": "*::cld::role::prodenv::ml_user"}}}]
            """, Self.user)
        #expect(added.scimMember(Self.enterprise) == SCIMFixtures.json(#"{"employeeNumber": "1", "manager": {"value": "u-9"}}"#))
        #expect(added.scimMember(SCIMCatalog.cloudinaryUserSchemaID)?.scimMember("roles") == .string("*::cld::role::prodenv::ml_user"))
        #expect(added.scimMember("schemas")?.arrayValue?.count == 3)
        let replaced = try Self.patch(
            #"[{"op": "replace", "path": "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User:environments", "value": "prod,staging"}]"#, added)
        #expect(replaced.scimMember(SCIMCatalog.cloudinaryUserSchemaID)?.scimMember("environments") == .string("prod,staging"))
        let dropped = try Self.patch(#"[{"op": "remove", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]"#, replaced)
        #expect(dropped.scimMember(Self.enterprise) == nil)
    }

    @Test("RFC 7644 §3.5.2.2's remove with a two-condition filter")
    func rfcRemoveWithFilter() throws {
        var user = Self.user
        user.setSCIMMember("emails", to: SCIMFixtures.json(
            #"[{"value": "dana@example.com", "type": "work", "primary": true}, {"value": "d@fbi.example", "type": "work"}, {"value": "d@home.example.com", "type": "home"}]"#))
        let removed = try Self.patch(#"[{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]"#, user)
        #expect(removed.scimMember("emails") == SCIMFixtures.json(
            #"[{"value": "d@fbi.example", "type": "work"}, {"value": "d@home.example.com", "type": "home"}]"#))
    }

    @Test("add to a multi-valued attribute appends, merges a duplicate and keeps one primary")
    func multiValuedAdd() throws {
        let added = try Self.patch(
            #"[{"op": "add", "path": "emails", "value": {"value": "d@home.example", "type": "home", "primary": true}}]"#, Self.user)
        #expect(added.scimMember("emails") == SCIMFixtures.json(
            #"[{"value": "dana@example.com", "type": "work", "primary": false}, {"value": "d@home.example", "type": "home", "primary": true}]"#))
        let same = try Self.patch(#"[{"op": "add", "path": "emails", "value": [{"value": "DANA@example.com", "type": "work", "display": "Work"}]}]"#, Self.user)
        #expect(same.scimMember("emails")?.arrayValue?.count == 1)
        #expect(same.scimMember("emails")?.arrayValue?.first?.scimMember("display") == .string("Work"))
    }

    @Test("replace of a complex attribute keeps unnamed sub-attributes; attribute names are case-insensitive")
    func complexReplace() throws {
        let replaced = try Self.patch(#"[{"op": "replace", "path": "NAME", "value": {"GIVENNAME": "Daniela"}}]"#, Self.user)
        #expect(replaced.scimMember("name") == SCIMFixtures.json(#"{"givenName": "Daniela", "familyName": "Scully", "formatted": "Dana Scully"}"#))
        #expect(replaced.objectValue?.keys.contains("NAME") == false)
        let nulled = try Self.patch(#"[{"op": "replace", "path": "displayName", "value": null}]"#, Self.user)
        #expect(nulled.scimMember("displayName") == nil)
        let removedSub = try Self.patch(#"[{"op": "remove", "path": "name.formatted"}, {"op": "remove", "path": "name.givenName"}, {"op": "remove", "path": "name.familyName"}]"#, Self.user)
        #expect(removedSub.scimMember("name") == nil)
        let filteredSub = try Self.patch(#"[{"op": "remove", "path": "emails[type eq \"work\"].primary"}]"#, Self.user)
        #expect(filteredSub.scimMember("emails") == SCIMFixtures.json(#"[{"value": "dana@example.com", "type": "work"}]"#))
        let whole = try Self.patch(#"[{"op": "replace", "path": "emails[type eq \"work\"]", "value": {"value": "new@example.com", "type": "work"}}]"#, Self.user)
        #expect(whole.scimMember("emails") == SCIMFixtures.json(#"[{"value": "new@example.com", "type": "work"}]"#))
    }

    /// Each bad request and the exact error it must get.
    static let refusals: [(String, SCIMError)] = [
        (#"[{"op": "remove"}]"#, .noTarget("Operations[0] (remove) has no path: say which attribute to remove")),
        (#"[{"op": "remove", "path": ""}]"#, .noTarget("Operations[0] (remove) has no path: say which attribute to remove")),
        (#"[{"op": "replace", "path": "id", "value": "x"}]"#, .mutability("'id' is read-only")),
        (#"[{"op": "replace", "value": {"meta": {"version": "1"}}}]"#, .mutability("'meta' is read-only")),
        (#"[{"op": "replace", "path": "meta.lastModified", "value": "2026-01-01T00:00:00Z"}]"#, .mutability("'meta' is read-only")),
        (#"[{"op": "add", "path": "groups", "value": [{"value": "g-2"}]}]"#, .mutability("'groups' is read-only")),
        (#"[{"op": "remove", "path": "groups[value eq \"g-1\"]"}]"#, .mutability("'groups' is read-only")),
        (#"[{"op": "add", "path": "shoeSize", "value": "x"}]"#, .invalidPath("'shoeSize' is not an attribute of User resources")),
        (#"[{"op": "add", "path": "name.nickName", "value": "x"}]"#, .invalidPath("'name.nickName' is not an attribute of User resources")),
        (#"[{"op": "add", "value": {"shoeSize": "x"}}]"#, .invalidPath("'shoeSize' is not an attribute of User resources")),
        (#"[{"op": "add", "path": "emails[type eq", "value": "x"}]"#, .invalidPath("expected a value after 'eq' at the end of the path")),
        (#"[{"op": "add", "path": "emails[type eq \"work\"] x", "value": "x"}]"#, .invalidPath("unexpected 'x' at position 24")),
        (#"[{"op": "add", "path": "emails[kind eq \"work\"].value", "value": "x"}]"#, .invalidFilter("'kind' is not a sub-attribute of 'emails'")),
        (#"[{"op": "add", "path": "emails[type eq \"work\"].kind", "value": "x"}]"#, .invalidPath("'emails.kind' is not an attribute of User resources")),
        (#"[{"op": "add", "path": "emails.value", "value": "x"}]"#,
         .invalidPath(#"'emails.value' names every emails value: select one with a filter, e.g. emails[type eq "work"].value"#)),
        (#"[{"op": "add", "path": "emails", "value": [{"value": "x", "kind": "y"}]}]"#, .invalidSyntax("'emails.kind' is not an attribute of User resources")),
        (#"[{"op": "add", "path": "displayName", "value": 5}]"#, .invalidValue("'displayName' must be a string")),
        (#"[{"op": "add", "path": "name", "value": "x"}]"#, .invalidValue("'name' must be an object")),
        (#"[{"op": "add", "path": "emails[type eq \"work\"].primary", "value": "yes"}]"#, .invalidValue("'emails.primary' must be true or false")),
        (#"[{"op": "remove", "path": "userName"}]"#, .invalidValue("'userName' is required and cannot be removed")),
        (#"[{"op": "remove", "path": "emails[type eq \"work\"]"}]"#, .invalidValue("'emails' is required")),
        (#"[{"op": "replace", "path": "emails", "value": []}]"#, .invalidValue("'emails' is required")),
        (#"[{"op": "add", "path": "displayName"}]"#, .invalidSyntax("Operations[0] (add) has no value")),
        (#"[{"op": "move", "path": "displayName", "value": "x"}]"#, .invalidSyntax("Operations[0].op 'move' is not add, replace or remove")),
        (#"[{"path": "displayName", "value": "x"}]"#, .invalidSyntax("Operations[0] has no \"op\" string")),
        (#"[{"op": "add", "value": "x"}]"#, .invalidSyntax("add without a path needs an object whose members name the attributes")),
        (#"[{"op": "add", "path": 5, "value": "x"}]"#, .invalidPath("Operations[0].path is not a string")),
        (#"["add"]"#, .invalidSyntax("Operations[0] is not an object")),
        (#"[]"#, .invalidSyntax("\"Operations\" is empty")),
        (#"[{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "value": "x"}]"#,
         .invalidValue("the value for 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' must be an object of its attributes")),
    ]

    @Test("bad operations are refused with the right scimType and detail", arguments: refusals.indices)
    func refused(_ index: Int) {
        let (operations, error) = Self.refusals[index]
        #expect(throws: error, "\(operations)") { try Self.patch(operations, Self.user) }
    }

    @Test("group members: values are immutable, display is read-only")
    func memberMutability() {
        #expect(throws: SCIMError.mutability("'members.value' is immutable and already set") ) {
            _ = try Self.patch(#"[{"op": "remove", "path": "members.value"}]"#, Self.group, Self.groups)
        }
        #expect(throws: SCIMError.mutability("'members.display' is read-only")) {
            try Self.patch(#"[{"op": "replace", "path": "members[value eq \"u-1\"].display", "value": "x"}]"#, Self.group, Self.groups)
        }
    }

    @Test("the body must be a PatchOp message")
    func envelope() {
        let cases: [(String, SCIMError)] = [
            (#"{"Operations": []}"#, .invalidSyntax(#"a PATCH body's schemas must be ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]"#)),
            (#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "Operations": []}"#,
             .invalidSyntax(#"a PATCH body's schemas must be ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]"#)),
            (#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#, .invalidSyntax(#"a PATCH body needs an "Operations" array"#)),
            (#"[1]"#, .invalidSyntax("the PATCH body is not a JSON object")),
        ]
        for (body, error) in cases {
            #expect(throws: error) { try SCIMPatchRequest(json: SCIMFixtures.json(body)) }
        }
        #expect(throws: SCIMError.invalidSyntax("the PATCH body is not valid JSON")) {
            try SCIMPatchRequest(bytes: Array(#"{"schemas": [,]}"#.utf8))
        }
        let lower = SCIMFixtures.json(#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "operations": [{"op": "ADD", "path": "displayName", "value": "x"}]}"#)
        #expect(throws: Never.self) { try SCIMPatchRequest(json: lower) }
    }

    @Test("a failing operation leaves nothing applied; parsed operations are inspectable")
    func atomicAndInspectable() throws {
        let body = SCIMFixtures.json(
            #"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "Add", "path": "members", "value": [{"value": "u-3"}]}, {"op": "Remove", "path": "members[value eq \"u-1\"]"}]}"#)
        let request = try SCIMPatchRequest(json: body)
        #expect(request.operations.map(\.op) == [.add, .remove])
        #expect(request.operations[1].path == SCIMPatchPath(
            attribute: SCIMAttributePath(attribute: "members"), filter: .comparison(SCIMAttributePath(attribute: "value"), .eq, .string("u-1"))))
        let group = Self.group
        #expect(throws: SCIMError.self) {
            try Self.patch(#"[{"op": "replace", "path": "displayName", "value": "New"}, {"op": "replace", "path": "id", "value": "x"}]"#, group, Self.groups)
        }
        #expect(group.scimMember("displayName") == .string("Agents"))
    }
}
