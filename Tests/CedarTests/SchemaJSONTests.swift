import Foundation
import Testing
@testable import Cedar

/// Cedar's JSON schema format: parsing (forms, name resolution, errors with
/// paths), writing, round trips over the sample and generated corpus schemas,
/// the Cloudinary schema with the catalog's system policies, and agreement
/// with the reference (cedarpy in `/work/main/.venv`, skipped when absent).
@Suite("Schema JSON format")
struct SchemaJSONTests {
    static let photoJSON = #"""
    {
      "PhotoApp": {
        "annotations": {"doc": "photo sharing"},
        "commonTypes": {
          "Ctx": {"type": "Record", "attributes": {
            "authenticated": {"type": "Boolean"},
            "ip": {"type": "Extension", "name": "ipaddr", "required": false, "annotations": {"doc": null}}}},
          "Tags": {"type": "Set", "element": {"type": "String"}, "annotations": {"doc": "tag list"}}
        },
        "entityTypes": {
          "User": {"memberOfTypes": ["Group"], "shape": {"type": "Record", "attributes": {
            "name": {"type": "String"}, "age": {"type": "Long", "required": false},
            "manager": {"type": "Entity", "name": "User"}}}},
          "Group": {"annotations": {"doc": "a group"}},
          "Photo": {"shape": {"type": "Record", "attributes": {
            "owner": {"type": "EntityOrCommon", "name": "User"}, "tags": {"type": "Tags"}}},
            "tags": {"type": "String"}},
          "Color": {"enum": ["red", "green"]}
        },
        "actions": {
          "view": {"appliesTo": {"principalTypes": ["User"], "resourceTypes": ["Photo"], "context": {"type": "Ctx"}}},
          "edit photo": {"memberOf": [{"id": "view"}], "appliesTo": {"principalTypes": ["User", "Group"], "resourceTypes": ["Photo"]}},
          "share": {"memberOf": [{"id": "view", "type": "PhotoApp::Action"}], "annotations": {"doc": "x"}}
        }
      }
    }
    """#

    static let photoHuman = """
    namespace PhotoApp {
      type Ctx = { authenticated: Bool, ip?: ipaddr };
      type Tags = Set<String>;
      entity User in [Group] { name: String, age?: Long, manager: User };
      entity Group;
      entity Photo { owner: User, tags: Tags } tags String;
      entity Color enum ["red", "green"];
      action view appliesTo { principal: User, resource: Photo, context: Ctx };
      action "edit photo" in [view] appliesTo { principal: [User, Group], resource: Photo };
      action share in [view];
    }
    """

    /// The error `Schema(json:)` throws, or nil if it parses.
    static func error(_ json: String) -> SchemaJSONError? {
        do { _ = try Schema(json: json); return nil } catch { return error }
    }

    // MARK: - Parsing

    @Test func parsesEveryFormLikeTheHumanReadableSyntax() throws {
        let json = try Schema(json: Self.photoJSON)
        #expect(json == (try Schema(parsing: Self.photoHuman)))
        let photo = try #require(json.entityTypes[Name(path: ["PhotoApp"], id: "Photo")])
        #expect(photo.attributes["owner"] == SchemaAttribute(type: .entity(Name(path: ["PhotoApp"], id: "User")), required: true))
        #expect(photo.attributes["tags"] == SchemaAttribute(type: .set(.string), required: true))
        #expect(photo.tags == .string)
        #expect(json.entityTypes[Name(path: ["PhotoApp"], id: "Color")]?.enumValues == ["red", "green"])
        let edit = try #require(json.actions[EntityUID(type: "PhotoApp::Action", id: "edit photo")])
        #expect(edit.memberOf == [EntityUID(type: "PhotoApp::Action", id: "view")])
        #expect(edit.context == .record([:]))
        let view = try #require(json.actions[EntityUID(type: "PhotoApp::Action", id: "view")])
        #expect(view.context == .record(["authenticated": SchemaAttribute(type: .bool, required: true),
                                         "ip": SchemaAttribute(type: .extension("ipaddr"), required: false)]))
        #expect(json.commonTypes[Name(path: ["PhotoApp"], id: "Tags")] == .set(.string))
    }

    @Test func dataInitializerAndEmptyDocuments() throws {
        #expect(try Schema(jsonData: Data(Self.photoJSON.utf8)) == Schema(json: Self.photoJSON))
        #expect(try Schema(json: "{}") == Schema())
        #expect(try Schema(json: #"{"": {"entityTypes": {}, "actions": {}}}"#) == Schema())
    }

    @Test func resolvesUnqualifiedNamesLikeTheReference() throws {
        let s = try Schema(json: #"""
        {
          "": {
            "commonTypes": {"ipaddr": {"type": "Long"}},
            "entityTypes": {"Global": {}},
            "actions": {"root": {}}
          },
          "N": {
            "commonTypes": {"Id": {"type": "Long"}, "Both": {"type": "Boolean"}},
            "entityTypes": {
              "Both": {},
              "E": {"memberOfTypes": ["Global"], "shape": {"type": "Record", "attributes": {
                "local": {"type": "Id"},
                "global": {"type": "EntityOrCommon", "name": "Global"},
                "commonWins": {"type": "EntityOrCommon", "name": "Both"},
                "entity": {"type": "Entity", "name": "Both"},
                "builtin": {"type": "Bool"},
                "spelled": {"type": "__cedar::String"},
                "userIpaddr": {"type": "ipaddr"},
                "extension": {"type": "Extension", "name": "ipaddr"},
                "qualified": {"type": "N::Id"},
                "action": {"type": "Entity", "name": "Action"}
              }}}
            },
            "actions": {"child": {"memberOf": [{"id": "root"}, {"id": "root", "type": "Action"}]}}
          }
        }
        """#)
        let attrs = try #require(s.entityTypes[Name(path: ["N"], id: "E")]?.attributes).mapValues(\.type)
        #expect(attrs["local"] == .long)
        #expect(attrs["global"] == .entity(Name(id: "Global")))
        #expect(attrs["commonWins"] == .bool)
        #expect(attrs["entity"] == .entity(Name(path: ["N"], id: "Both")))
        #expect(attrs["builtin"] == .bool)
        #expect(attrs["spelled"] == .string)
        #expect(attrs["userIpaddr"] == .long)
        #expect(attrs["extension"] == .extension("ipaddr"))
        #expect(attrs["qualified"] == .long)
        #expect(attrs["action"] == .entity(Name(path: ["N"], id: "Action")))
        #expect(s.entityTypes[Name(path: ["N"], id: "E")]?.memberOfTypes == [Name(id: "Global")])
        let root = EntityUID(type: "Action", id: "root")
        #expect(s.actions[EntityUID(type: "N::Action", id: "child")]?.memberOf == [root, root])
    }

    // MARK: - Errors

    @Test func errorsNameTheOffendingPath() {
        let cases: [(String, String)] = [
            (#"{"Cloudinary": {"entityTypes": {"Folder": {"shape": {"type": "Record", "attributes": {"name": {"type": "Strng"}}}}}, "actions": {}}}"#,
             #"Cloudinary.entityTypes.Folder.shape.attributes.name: unknown type "Strng""#),
            (#"{"": {"entityTypes": {"User": {"memberOfTypes": ["Grup"]}}, "actions": {}}}"#,
             #""".entityTypes.User.memberOfTypes[0]: undeclared entity type "Grup""#),
            (#"{"A::B": {"entityTypes": {}, "actions": {"read photo": {"memberOf": [{"id": "nope"}]}}}}"#,
             #"A::B.actions["read photo"].memberOf[0]: undeclared action Action::"nope""#),
            (#"{"": {"entityTypes": {}}}"#, #""": missing field `actions`"#),
            (#"{"": {"entityTypes": {"U": {"shape": {"type": "Set"}}}, "actions": {}}}"#, #""".entityTypes.U.shape: missing field `element`"#),
            (#"{"": {"entityTypes": {"U": {"shape": {"type": "Entity", "name": "U"}}}, "actions": {}}}"#,
             #""".entityTypes.U.shape: shape is declared with a type other than `Record`"#),
            (#"{"": {"commonTypes": {"A": {"type": "B"}, "B": {"type": "Set", "element": {"type": "A"}}}, "entityTypes": {}, "actions": {}}}"#,
             #""".commonTypes.A: cycle in common type references: A -> B -> A"#),
            (#"{"": {"entityTypes": {}, "actions": {"a": {"memberOf": [{"id": "b"}]}, "b": {"memberOf": [{"id": "a"}]}}}}"#,
             #""".actions.a: cycle in action hierarchy containing Action::"a""#),
            (#"{"": {"entityTypes": {"U": {}}, "actions": {}}, "N": {"entityTypes": {"U": {}}, "actions": {}}}"#,
             #"N.entityTypes.U: definition of `N::U` illegally shadows the existing definition of `U`"#),
            (#"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {}, "additionalAttributes": true}}}, "actions": {}}}"#,
             #""".entityTypes.U.shape.additionalAttributes: unsupported feature: records with `additionalAttributes`"#),
            (#"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": {"type": "Long", "required": "no"}}}}}, "actions": {}}}"#,
             #""".entityTypes.U.shape.attributes.a.required: `required` must be a boolean"#),
            (#"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": {"type": "String", "name": "x"}}}}}, "actions": {}}}"#,
             #""".entityTypes.U.shape.attributes.a.name: unexpected field `name` for type "String""#),
            (#"{"": {"entityTypes": {"if": {}}, "actions": {}}}"#, #""".entityTypes.if: invalid entity type name "if""#),
            (#"{"entityTypes": {}, "actions": {}}"#,
             #"schema JSON: JSON formatted schema must specify a namespace; for the empty namespace write {"": {...}}"#),
        ]
        for (json, expected) in cases {
            #expect(Self.error(json)?.description == expected, "\(json)")
        }
    }

    @Test func rejectsWhatTheReferenceRejects() {
        let rejected = [
            "{", "[]", #"{"": []}"#, #"{"A B": {"entityTypes": {}, "actions": {}}}"#, #"{"__cedar": {"entityTypes": {}, "actions": {}}}"#,
            #"{"": {"entityTypes": {}, "actions": {}, "annotations": {"doc": "x"}}}"#,
            #"{"": {"entityTypes": {"U": {"shape": null}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"C": {"enum": []}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"C": {"enum": ["a"], "memberOfTypes": []}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"Action": {}}, "actions": {}}}"#,
            #"{"": {"commonTypes": {"Long": {"type": "String"}}, "entityTypes": {}, "actions": {}}}"#,
            #"{"": {"commonTypes": {"T": {"type": "Long", "required": false}}, "entityTypes": {}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {}, "annotations": {}}}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"U": {"tags": {"type": "Extension", "name": "money"}}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"U": {"tags": {"type": "U"}}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {"U": {"tags": {"type": "Entity", "name": "A :: B"}}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {}, "actions": {"a": {"attributes": {}}}}}"#,
            #"{"": {"entityTypes": {"U": {}}, "actions": {"a": {"appliesTo": {"resourceTypes": ["U"]}}}}}"#,
            #"{"": {"entityTypes": {}, "actions": {"a": {"appliesTo": {"principalTypes": ["Action"], "resourceTypes": []}}}}}"#,
            #"{"": {"entityTypes": {}, "actions": {"a": {"memberOf": [{"id": "a"}]}}}}"#,
            #"{"": {"entityTypes": {}, "actions": {"a": {}}}, "N": {"entityTypes": {}, "actions": {"a": {}}}}"#,
            #"{"": {"commonTypes": {"C": {"type": "Long"}}, "entityTypes": {}, "actions": {"a": {"appliesTo": {"principalTypes": [], "resourceTypes": [], "context": {"type": "C"}}}}}}"#,
        ]
        for json in rejected { #expect(Self.error(json) != nil, "\(json)") }
    }

    // MARK: - Writing and round trips

    @Test func writesSortedFullyQualifiedJSON() throws {
        let s = try Schema(parsing: """
        entity G;
        namespace N { entity U in [G] { b?: Long, a: Set<U> }; action v in [w] appliesTo { principal: U, resource: G, context: { ip: ipaddr } }; action w; }
        """)
        #expect(s.jsonText == #"""
        {"":{"entityTypes":{"G":{}},"actions":{}},"N":{"entityTypes":{"U":{"memberOfTypes":["G"],"shape":{"type":"Record","attributes":{"a":{"type":"Set","element":{"type":"Entity","name":"N::U"}},"b":{"type":"Long","required":false}}}}},"actions":{"v":{"memberOf":[{"id":"w","type":"N::Action"}],"appliesTo":{"principalTypes":["N::U"],"resourceTypes":["G"],"context":{"type":"Record","attributes":{"ip":{"type":"Extension","name":"ipaddr"}}}}},"w":{}}}}
        """#)
        #expect(try Schema(json: s.jsonText) == s)
        #expect(try Schema(json: Schema(json: Self.photoJSON).jsonText) == Schema(json: Self.photoJSON))
    }

    @Test("human-readable → JSON → Schema over the sample-data schemas")
    func sampleDataRoundTrips() throws {
        guard let root = Conformance.corpusDir else { return }
        let dir = root.appendingPathComponent("sample-data")
        let files = (FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "cedarschema" }
        #expect(!files.isEmpty)
        for file in files {
            let human = try Schema(parsing: String(contentsOf: file, encoding: .utf8))
            #expect(try Schema(json: human.jsonText) == human, "\(file.lastPathComponent)")
        }
    }

    @Test("generated corpus slice: JSON round trip gives the same schema and the same shouldValidate")
    func corpusRoundTrips() throws {
        guard let root = Conformance.corpusDir else { return }
        let unpacked = try Conformance.unpackCorpus(root)
        defer {
            if (ProcessInfo.processInfo.environment["CEDAR_CORPUS_UNPACKED"] ?? "").isEmpty {
                try? FileManager.default.removeItem(at: unpacked)
            }
        }
        var files = Conformance.listTests(in: unpacked.appendingPathComponent("corpus-tests"), recursive: false)
        if let limit = Conformance.limit { files = Array(files.prefix(limit)) }
        var validators: [String: Validator] = [:]
        var checked = 0, failures: [String] = []
        for file in files {
            guard let doc = try? JSONValue.parse(bytes: Array(Data(contentsOf: file))),
                  case let .string(schemaPath)? = doc["schema"], case let .string(policiesPath)? = doc["policies"],
                  case let .bool(should)? = doc["shouldValidate"],
                  let schemaText = try? String(contentsOf: unpacked.appendingPathComponent(schemaPath), encoding: .utf8),
                  let policies = try? String(contentsOf: unpacked.appendingPathComponent(policiesPath), encoding: .utf8)
            else { continue }
            do {
                let validator: Validator
                if let v = validators[schemaText] { validator = v } else {
                    let human = try Schema(parsing: schemaText)
                    let json = try Schema(json: human.jsonText)
                    guard json == human else { failures.append("\(file.lastPathComponent): round trip differs"); continue }
                    validator = Validator(schema: json)
                    validators[schemaText] = validator
                }
                let valid = try validator.validate(text: policies).isValid
                if valid != should { failures.append("\(file.lastPathComponent): valid=\(valid), expected \(should)") }
                checked += 1
            } catch {
                failures.append("\(file.lastPathComponent): \(error)")
            }
        }
        for f in failures.prefix(20) { print("JSON ROUND TRIP \(f)") }
        print("JSON round trip (corpus): \(checked) checked, \(validators.count) schemas, \(failures.count) failures")
        #expect(failures.isEmpty)
        #expect(checked > 0)
    }

    // MARK: - Cloudinary

    /// The repository root, found through symlinks so scratch packages that link
    /// `Tests/CedarTests` still see the app's resources.
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var cloudinarySchemaURL: URL {
        repoRoot.appendingPathComponent("Sources/GatehouseCore/Resources/cloudinary.cedarschema.json")
    }

    /// The catalog's system policy statements, placeholders filled with sample ids.
    static func systemPolicies() throws -> [(id: String, text: String)]? {
        let url = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/spec/catalog.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        guard case let .array(items)? = try JSONValue.parse(bytes: Array(data))["system_policies"] else { return nil }
        return items.compactMap { p in
            guard case let .string(id)? = p["id"], case let .string(s)? = p["policy_statement"] else { return nil }
            return (id, s.replacingOccurrences(of: "<folder_id>", with: "sample_folder_1")
                .replacingOccurrences(of: "<collection_id>", with: "sample_collection_1"))
        }
    }

    @Test("the Cloudinary JSON schema parses, round-trips, and validates all 40 system policies")
    func cloudinarySystemPolicies() throws {
        guard let data = try? Data(contentsOf: Self.cloudinarySchemaURL) else {
            print("cloudinary.cedarschema.json not found; skipping")
            return
        }
        let schema = try Schema(jsonData: data)
        #expect(try Schema(json: schema.jsonText) == schema)
        #expect(schema.entityTypes[Name(path: ["Cloudinary"], id: "User")]?.memberOfTypes == [Name(path: ["Cloudinary"], id: "Group")])
        guard let policies = try Self.systemPolicies() else { return }
        #expect(policies.count == 40)
        let validator = Validator(schema: schema)
        for p in policies {
            let result = try validator.validate(text: p.text)
            #expect(result.isValid, "\(p.id): \(result.errors.map(\.description))")
        }
    }
}
