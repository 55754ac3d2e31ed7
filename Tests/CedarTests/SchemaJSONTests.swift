import Foundation
import GatehouseTestSupport
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

    static let resolutionJSON = #"""
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
    """#

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
        let s = try Schema(json: Self.resolutionJSON)
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

    /// Action parents resolve by one shared rule in both syntaxes: a written
    /// (or defaulted) `Action` type is tried in the action's namespace first,
    /// then in the empty namespace.
    @Test func actionParentsResolveTheSameInBothSyntaxes() throws {
        let human = try Schema(parsing: """
        action root;
        namespace N { action local; action a in [Action::"root", "local", Action::"local"]; }
        """)
        let json = try Schema(json: #"""
        {"": {"entityTypes": {}, "actions": {"root": {}}},
         "N": {"entityTypes": {}, "actions": {"local": {}, "a": {"memberOf": [{"id": "root", "type": "Action"}, {"id": "local"}, {"id": "local", "type": "Action"}]}}}}
        """#)
        #expect(human == json)
        let local = EntityUID(type: "N::Action", id: "local")
        #expect(json.actions[EntityUID(type: "N::Action", id: "a")]?.memberOf == [EntityUID(type: "Action", id: "root"), local, local])
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
        #expect(Self.error("namespace A { entity U; }")?.description.contains("use `Schema(parsing:)`") == true)
        #expect(Self.error("{\"\": ")?.path == nil)
    }

    static let rejected = [
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
            #"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": {"type": "Entity", "name": "Action"}}}}}, "actions": {}}}"#,
            #"{"": {"entityTypes": {}, "actions": {"b": {"memberOf": [{"id": "a", "type": "Foo"}]}, "a": {}}}}"#,
            #"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": {"type": "__cedar::Boolean"}}}}}, "actions": {}}}"#,
        ]

    @Test func rejectsWhatTheReferenceRejects() {
        for json in Self.rejected { #expect(Self.error(json) != nil, "\(json)") }
    }

    /// Edge cases the reference accepts.
    static let accepted = [
        #"{"": {"entityTypes": {}, "actions": {"a": {"appliesTo": null, "memberOf": null, "attributes": null}}}}"#,
        #"{"": {"entityTypes": {"C": {"enum": ["a", "a"], "annotations": {"doc": "dup"}}}, "actions": {}}}"#,
        #"{"": {"entityTypes": {"String": {}, "Long": {}, "U": {"shape": {"type": "Record", "attributes": {"s": {"type": "EntityOrCommon", "name": "String"}, "l": {"type": "Long"}}}}}, "actions": {}}}"#,
        #"{"": {"commonTypes": {"X": {"type": "String"}}, "entityTypes": {"X": {}, "U": {"tags": {"type": "EntityOrCommon", "name": "X"}}}, "actions": {}}}"#,
        #"{"": {"entityTypes": {}, "actions": {"a b \"c\"": {}, "": {}}}}"#,
        #"{"principal": {"entityTypes": {"U": {"annotations": {"if": "x", "doc": null}}}, "actions": {}}}"#,
        #"{"": {"commonTypes": {"S": {"type": "Record", "attributes": {"x": {"type": "Long"}}}}, "entityTypes": {"U": {"shape": {"type": "S"}}}, "actions": {"a": {"appliesTo": {"principalTypes": ["U"], "resourceTypes": ["U"], "context": {"type": "EntityOrCommon", "name": "S"}}}}}}"#,
        #"{"": {"entityTypes": {"U": {"shape": {"type": "Record", "attributes": {"a": {"type": "Entity", "name": "Action"}}, "additionalAttributes": false}}}, "actions": {"v": {}}}}"#,
        #"{"A": {"entityTypes": {"U": {"memberOfTypes": ["U", "B::V"]}}, "actions": {"a": {}}}, "B": {"entityTypes": {"V": {"memberOfTypes": ["A::U"]}}, "actions": {"b": {"memberOf": [{"id": "a", "type": "A::Action"}]}}}}"#,
        "{\"\": {\"entityTypes\": {\"U\": {\"tags\": " + String(repeating: #"{"type": "Set", "element": "#, count: 60)
            + #"{"type": "Long"}"# + String(repeating: "}", count: 60) + "}}, \"actions\": {}}}",
    ]

    @Test func acceptsWhatTheReferenceAccepts() {
        for json in Self.accepted { #expect(Self.error(json) == nil, "\(json): \(Self.error(json).map(\.description) ?? "")") }
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

    /// Also sends our JSON for each schema, with the test's policies, to the
    /// reference (when cedarpy is available): it must accept the JSON, read it
    /// as the same schema, and give the same `shouldValidate`.
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
        var emitted: [String: (human: Schema, json: String)] = [:]
        var referenceCases: [(ReferenceCase, should: Bool, human: Schema)] = []
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
                    emitted[schemaText] = (human, human.jsonText)
                }
                if let e = emitted[schemaText] {
                    referenceCases.append((ReferenceCase(name: file.lastPathComponent, schema: e.json, policies: policies), should, e.human))
                }
                let valid = try validator.validate(text: policies).isValid
                if valid != should { failures.append("\(file.lastPathComponent): valid=\(valid), expected \(should)") }
                checked += 1
            } catch {
                failures.append("\(file.lastPathComponent): \(error)")
            }
        }
        if let answers = try Self.askReference(referenceCases.map(\.0)) {
            var renderedSame = 0
            for (c, should, human) in referenceCases {
                guard let ref = answers[c.name], ref.accepted else {
                    failures.append("\(c.name): the reference rejects our JSON: \(answers[c.name]?.error ?? "no answer")")
                    continue
                }
                if ref.valid != should { failures.append("\(c.name): reference validation with our JSON \(String(describing: ref.valid)), expected \(should)") }
                if !ref.cedar.hasPrefix("<unrenderable") {
                    if (try? Schema(parsing: ref.cedar)) == human { renderedSame += 1 } else {
                        failures.append("\(c.name): the reference reads our JSON as a different schema")
                    }
                }
            }
            print("JSON round trip (corpus) via cedarpy: \(referenceCases.count) cases, \(renderedSame) read back identically")
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
        let data = try #require(try? Data(contentsOf: Self.cloudinarySchemaURL), "\(Self.cloudinarySchemaURL.path) is missing")
        let schema = try Schema(jsonData: data)
        #expect(try Schema(json: schema.jsonText) == schema)
        #expect(schema.entityTypes[Name(path: ["Cloudinary"], id: "User")]?.memberOfTypes == [Name(path: ["Cloudinary"], id: "Group")])
        let policies = try #require(try Self.systemPolicies(), "../shared/spec/catalog.json is missing or has no system_policies")
        #expect(policies.count == 40)
        let validator = Validator(schema: schema)
        for p in policies {
            let result = try validator.validate(text: p.text)
            #expect(result.isValid, "\(p.id): \(result.errors.map(\.description))")
        }
    }

    // MARK: - Reference (cedarpy)

    /// One schema for the reference, with optional policies to validate.
    struct ReferenceCase {
        var name: String
        var schema: String
        var policies: String? = nil
    }

    /// What cedarpy says about a case: whether it accepts the schema, its
    /// rendering in human-readable syntax, and (with policies) whether they validate.
    struct ReferenceAnswer {
        var accepted: Bool
        var cedar: String
        var valid: Bool?
        var error: String
    }

    static let cedarpyScript = #"""
    import sys, json, cedarpy
    out = {}
    for c in json.load(open(sys.argv[1])):
        r = {"accepted": False, "cedar": "", "valid": None, "error": ""}
        try:
            s = cedarpy.Schema.from_json_str(c["schema"])
            r["accepted"], r["cedar"] = True, str(s)
            if c.get("policies") is not None:
                r["valid"] = cedarpy.validate_policies(c["policies"], s).validation_passed
        except Exception as e:
            r["error"] = str(e)
        out[c["name"]] = r
    json.dump(out, sys.stdout)
    """#

    /// Runs the cases through cedarpy in one process; nil when the venv or cedarpy is missing.
    static func askReference(_ cases: [ReferenceCase]) throws -> [String: ReferenceAnswer]? {
        let python = repoRoot.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-json-ref-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = JSONValue.array(cases.map { c in
            .object([("name", .string(c.name)), ("schema", .string(c.schema)), ("policies", c.policies.map(JSONValue.string) ?? .null)])
        })
        try input.serialized.write(to: dir.appendingPathComponent("cases.json"), atomically: true, encoding: .utf8)
        try cedarpyScript.write(to: dir.appendingPathComponent("ref.py"), atomically: true, encoding: .utf8)
        let ref = try ChildProcess.run(
            python.path, [dir.appendingPathComponent("ref.py").path, dir.appendingPathComponent("cases.json").path], errors: false)
        guard ref.status == 0, case let .object(members) = try JSONValue.parse(bytes: Array(ref.output)) else { return nil }
        var answers: [String: ReferenceAnswer] = [:]
        for (name, r) in members {
            guard case let .bool(accepted)? = r["accepted"], case let .string(cedar)? = r["cedar"], case let .string(error)? = r["error"] else { continue }
            var valid: Bool? = nil
            if case let .bool(v)? = r["valid"] { valid = v }
            answers[name] = ReferenceAnswer(accepted: accepted, cedar: cedar, valid: valid, error: error)
        }
        return answers
    }

    static let photoPolicies: [String] = [
        #"permit(principal, action == PhotoApp::Action::"view", resource) when { context.authenticated && resource.owner == principal };"#,
        #"permit(principal, action == PhotoApp::Action::"view", resource) when { context.ip.isLoopback() };"#,
        #"permit(principal, action == PhotoApp::Action::"view", resource) when { context has ip && context.ip.isLoopback() };"#,
        #"permit(principal is PhotoApp::Group, action == PhotoApp::Action::"view", resource);"#,
        #"permit(principal, action in PhotoApp::Action::"view", resource) when { resource.tags.contains("x") && principal.age > 3 };"#,
        #"permit(principal, action in PhotoApp::Action::"view", resource) when { principal has age && principal.age > 3 && principal in PhotoApp::Group::"g" };"#,
        #"permit(principal, action, resource) when { resource.hasTag("k") && resource.getTag("k") == "v" };"#,
        #"permit(principal == PhotoApp::User::"a", action == PhotoApp::Action::"edit photo", resource) when { principal.manager.name like "b*" };"#,
        #"permit(principal, action, resource) when { PhotoApp::Color::"red" == PhotoApp::Color::"blue" };"#,
    ]

    @Test("agrees with the reference (cedarpy): acceptance, resolved schema, validation, and our emitted JSON")
    func agreesWithReference() throws {
        var cases: [ReferenceCase] = []
        for (i, json) in Self.rejected.enumerated() { cases.append(.init(name: "rejected \(i)", schema: json)) }
        for (i, json) in (Self.accepted + [Self.photoJSON, Self.resolutionJSON]).enumerated() {
            cases.append(.init(name: "accepted \(i)", schema: json))
        }
        for (i, p) in Self.photoPolicies.enumerated() { cases.append(.init(name: "photo policy \(i)", schema: Self.photoJSON, policies: p)) }
        if let data = try? Data(contentsOf: Self.cloudinarySchemaURL), let text = String(data: data, encoding: .utf8), let policies = try Self.systemPolicies() {
            for p in policies { cases.append(.init(name: "cloudinary \(p.id)", schema: text, policies: p.text)) }
        }
        // Our JSON output for human-readable schemas must read back, in the reference, as the same schema.
        var emitted: [String: Schema] = [:]
        if let root = Conformance.corpusDir {
            let dir = root.appendingPathComponent("sample-data")
            for case let file as URL in FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) ?? .init()
            where file.pathExtension == "cedarschema" {
                emitted["emitted \(file.lastPathComponent)"] = try Schema(parsing: String(contentsOf: file, encoding: .utf8))
            }
        }
        emitted["emitted photo"] = try Schema(parsing: Self.photoHuman)
        for (name, schema) in emitted { cases.append(.init(name: name, schema: schema.jsonText)) }

        guard let answers = try Self.askReference(cases) else {
            print("cedarpy not available; skipping the reference comparison")
            return
        }
        var compared = 0
        for c in cases {
            guard let ref = answers[c.name] else { Issue.record("\(c.name): no answer from cedarpy"); continue }
            let ours: Schema
            do { ours = try Schema(json: c.schema) } catch {
                #expect(!ref.accepted, "\(c.name): we reject (\(error)) but the reference accepts")
                compared += 1
                continue
            }
            #expect(ref.accepted, "\(c.name): we accept but the reference rejects: \(ref.error)")
            guard ref.accepted else { continue }
            // The reference's own rendering, read by our human-readable parser, must be the schema we built.
            // Some valid schemas have no human-readable rendering (cedarpy says `<unrenderable Schema: …>`).
            if !ref.cedar.hasPrefix("<unrenderable") {
                do {
                    #expect(try Schema(parsing: ref.cedar) == ours, "\(c.name): differs from the reference's reading:\n\(ref.cedar)")
                } catch {
                    Issue.record("\(c.name): the reference's rendering does not parse (\(error)):\n\(ref.cedar)")
                }
            }
            if let name = emitted[c.name] { #expect(ours == name, "\(c.name): JSON round trip differs") }
            if let policies = c.policies {
                let valid = try Validator(schema: ours).validate(text: policies).isValid
                #expect(valid == ref.valid, "\(c.name): valid=\(valid), reference \(String(describing: ref.valid))")
            }
            compared += 1
        }
        print("cedarpy comparison: \(compared) of \(cases.count) cases compared")
        #expect(compared == cases.count)
    }

    /// The reference renders an action with no principal types or no resource
    /// types as applying to nothing (no `appliesTo` at all); both forms give
    /// the validator no request environments, so comparisons treat them alike.
    static func appliesToNormalized(_ schema: Schema) -> Schema {
        var s = schema
        for (uid, a) in s.actions where a.principalTypes.isEmpty || a.resourceTypes.isEmpty {
            s.actions[uid] = SchemaAction(uid: a.uid, memberOf: a.memberOf, principalTypes: [], resourceTypes: [], context: .record([:]))
        }
        return s
    }

    /// Every single-point mutation of a document: each member removed, and each
    /// value replaced by values of other kinds or by tricky names.
    static func mutations(of doc: JSONValue) -> [JSONValue] {
        let replacements: [JSONValue] = [.null, .bool(true), .number("1"), .string("Strng"), .string(""), .string("A::B"),
                                         .string("if"), .string("Long"), .array([]), .object([]), .array([.string("User")])]
        func walk(_ v: JSONValue, _ rebuild: (JSONValue?) -> JSONValue, into out: inout [JSONValue]) {
            for r in replacements where r != v { out.append(rebuild(r)) }
            switch v {
            case let .object(members):
                for (i, (k, child)) in members.enumerated() {
                    var without = members
                    without.remove(at: i)
                    out.append(rebuild(.object(without)))
                    walk(child, { new in
                        var m = members
                        if let new { m[i] = (k, new) } else { m.remove(at: i) }
                        return rebuild(.object(m))
                    }, into: &out)
                }
            case let .array(items):
                for (i, child) in items.enumerated() {
                    walk(child, { new in
                        var a = items
                        if let new { a[i] = new } else { a.remove(at: i) }
                        return rebuild(.array(a))
                    }, into: &out)
                }
            default: break
            }
        }
        var out: [JSONValue] = []
        walk(doc, { $0 ?? .null }, into: &out)
        return out
    }

    @Test("single-point mutations of valid schemas: accepted or rejected exactly as the reference does, never a crash")
    func mutationsAgreeWithReference() throws {
        var cases: [ReferenceCase] = []
        var seeds = [Self.photoJSON, Self.resolutionJSON]
        if let data = try? Data(contentsOf: Self.cloudinarySchemaURL), let text = String(data: data, encoding: .utf8) { seeds.append(text) }
        for seed in seeds {
            for m in Self.mutations(of: try JSONValue.parse(seed)) {
                cases.append(.init(name: "mutation \(cases.count)", schema: m.serialized))
            }
        }
        var ours: [String: Schema?] = [:]
        for c in cases { ours[c.name] = try? Schema(json: c.schema) }
        guard let answers = try Self.askReference(cases) else {
            print("cedarpy not available; \(cases.count) mutations parsed without crashing")
            return
        }
        var disagreements = 0
        for c in cases {
            guard let ref = answers[c.name], let mine = ours[c.name] else { continue }
            var agree = (mine != nil) == ref.accepted
            if let mine, ref.accepted, !ref.cedar.hasPrefix("<unrenderable") {
                agree = agree && (try? Schema(parsing: ref.cedar)).map(Self.appliesToNormalized) == Self.appliesToNormalized(mine)
            }
            if !agree {
                disagreements += 1
                let why = mine == nil ? ((try? Schema(json: c.schema)).map { _ in "" } ?? "\(Self.error(c.schema).map(\.description) ?? "")") : ""
                Issue.record("\(c.name): ours \(mine == nil ? "rejects (\(why))" : "accepts"), reference \(ref.accepted ? "accepts" : "rejects: \(ref.error)")\n\(c.schema)")
            }
        }
        print("mutations: \(cases.count) compared with cedarpy, \(disagreements) disagreements")
    }
}
