import Foundation
import Testing
@testable import Cedar

/// One unit test per validation error kind, plus the typing rules that decide
/// validity (guards, short-circuiting, action groups, templates). Expected
/// messages were produced by the reference validator (cedarpy 4.12.2, strict
/// mode) for the same schema and policies; the comparison is on the set of
/// messages, as the reference does not order its errors.
@Suite("Validator: error kinds and typing rules")
struct ValidationKindTests {
    static let schemaText = #"""
    namespace NS {
      type Addr = { city: String, zip?: String };
      entity G;
      entity U in [G] { name: String, age?: Long, tags: Set<String>, addr: Addr, mgr?: U, joined: __cedar::datetime } tags String;
      entity D { owner: U, ip: ipaddr, level: decimal };
      entity E enum ["a", "b"];
      action "all";
      action "read", "write" in ["all"] appliesTo { principal: [U], resource: [D], context: { ip: ipaddr, flag?: Bool } };
      action "admin" appliesTo { principal: [G], resource: [G] };
    }
    """#

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var policy: String
        var kinds: [ValidationErrorKind]
        var messages: [String]
        init(_ name: String, _ policy: String, kinds: [ValidationErrorKind], messages: [String]) {
            self.name = name
            self.policy = policy
            self.kinds = kinds
            self.messages = messages
        }
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case("unrecognizedEntityType", #"permit(principal == NS::Usr::"a", action == NS::Action::"read", resource);"#, kinds: [.unrecognizedEntityType, .invalidActionApplication], messages: [#"for policy `policy0`, unrecognized entity type `NS::Usr`"#, #"for policy `policy0`, unable to find an applicable action given the policy scope constraints"#]),
        Case("unrecognizedActionId", #"permit(principal, action == NS::Action::"reed", resource);"#, kinds: [.unrecognizedActionId, .invalidActionApplication], messages: [#"for policy `policy0`, unrecognized action `NS::Action::"reed"`"#, #"for policy `policy0`, unable to find an applicable action given the policy scope constraints"#]),
        Case("invalidActionApplication", #"permit(principal is NS::G, action == NS::Action::"read", resource);"#, kinds: [.invalidActionApplication], messages: [#"for policy `policy0`, unable to find an applicable action given the policy scope constraints"#]),
        Case("invalidActionApplicationInFix", #"permit(principal == NS::G::"g", action == NS::Action::"read", resource);"#, kinds: [.invalidActionApplication], messages: [#"for policy `policy0`, unable to find an applicable action given the policy scope constraints"#]),
        Case("unexpectedType", #"permit(principal, action == NS::Action::"read", resource) when { principal.name + 1 > 0 };"#, kinds: [.unexpectedType], messages: [#"for policy `policy0`, unexpected type: expected Long but saw String"#]),
        Case("unexpectedTypeComparison", #"permit(principal, action == NS::Action::"read", resource) when { principal.name < 3 };"#, kinds: [.unexpectedType], messages: [#"for policy `policy0`, unexpected type: expected Long but saw String"#]),
        Case("incompatibleTypesSet", #"permit(principal, action == NS::Action::"read", resource) when { [1, "a"].contains(1) };"#, kinds: [.incompatibleTypes], messages: [#"the types Long and String are not compatible"#]),
        Case("incompatibleTypesIf", #"permit(principal, action == NS::Action::"read", resource) when { (if context.flag2 then 1 else "a") == 1 };"#, kinds: [.unsafeAttributeAccess, .incompatibleTypes], messages: [#"for policy `policy0`, attribute `flag2` in context for NS::Action::"read" not found"#, #"the types Long and String are not compatible"#]),
        Case("incompatibleTypesEntities", #"permit(principal, action == NS::Action::"read", resource) when { [principal, resource].contains(principal) };"#, kinds: [.incompatibleTypes], messages: [#"the types NS::D and NS::U are not compatible"#]),
        Case("incompatibleTypesEq", #"permit(principal, action == NS::Action::"read", resource) when { principal.name == 1 };"#, kinds: [.incompatibleTypes], messages: [#"the types Long and String are not compatible"#]),
        Case("unsafeAttributeAccess", #"permit(principal, action == NS::Action::"read", resource) when { principal.nmae == "" };"#, kinds: [.unsafeAttributeAccess], messages: [#"for policy `policy0`, attribute `nmae` on entity type `NS::U` not found"#]),
        Case("unsafeAttributeAccessContext", #"permit(principal, action == NS::Action::"read", resource) when { context.addr.city == "" };"#, kinds: [.unsafeAttributeAccess], messages: [#"for policy `policy0`, attribute `addr` in context for NS::Action::"read" not found"#]),
        Case("unsafeOptionalAttributeAccess", #"permit(principal, action == NS::Action::"read", resource) when { principal.age > 3 };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`"#]),
        Case("unsafeOptionalNested", #"permit(principal, action == NS::Action::"read", resource) when { principal.addr.zip == "1" };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `addr.zip` on entity type `NS::U`"#]),
        Case("unsafeOptionalContext", #"permit(principal, action == NS::Action::"read", resource) when { context.flag };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `flag` in context for NS::Action::"read""#]),
        Case("unsafeTagAccess", #"permit(principal, action == NS::Action::"read", resource) when { principal.getTag("x") == "" };"#, kinds: [.unsafeTagAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to tag `"x"` on entity type `NS::U`"#]),
        Case("functionArgumentValidation", #"permit(principal, action == NS::Action::"read", resource) when { context.ip.isInRange(ip("10.0.0.0/33")) };"#, kinds: [.functionArgumentValidation], messages: [#"for policy `policy0`, error during extension function argument validation: failed to parse as IP address: `"10.0.0.0/33"`"#]),
        Case("decimalArgument", #"permit(principal, action == NS::Action::"read", resource) when { resource.level.lessThan(decimal("1.23456")) };"#, kinds: [.functionArgumentValidation], messages: [#"for policy `policy0`, error during extension function argument validation: failed to parse as a decimal value: `"1.23456"`"#]),
        Case("emptySetForbidden", #"permit(principal, action == NS::Action::"read", resource) when { principal.tags.containsAny([]) };"#, kinds: [.emptySetForbidden], messages: [#"for policy `policy0`, empty set literals are forbidden in policies"#]),
        Case("nonLitExtConstructor", #"permit(principal, action == NS::Action::"read", resource) when { ip(principal.name).isIpv4() };"#, kinds: [.nonLitExtConstructor], messages: [#"for policy `policy0`, extension constructors may not be called with non-literal expressions"#]),
        Case("invalidEnumEntity", #"permit(principal, action == NS::Action::"read", resource) when { NS::E::"c" == NS::E::"a" };"#, kinds: [.invalidEnumEntity], messages: [#"for policy `policy0`: entity `NS::E::"c"` is of an enumerated entity type, but `"c"` is not declared as a valid eid"#]),
        Case("impossible", #"permit(principal, action == NS::Action::"read", resource) when { principal in resource };"#, kinds: [], messages: []),
        Case("guardedOptional", #"permit(principal, action == NS::Action::"read", resource) when { principal has age && principal.age > 3 };"#, kinds: [], messages: []),
        Case("guardedNested", #"permit(principal, action == NS::Action::"read", resource) when { principal.addr has zip && principal.addr.zip == "1" };"#, kinds: [], messages: []),
        Case("guardedIf", #"permit(principal, action == NS::Action::"read", resource) when { if principal has age then principal.age > 3 else false };"#, kinds: [], messages: []),
        Case("orLosesGuard", #"permit(principal, action == NS::Action::"read", resource) when { (principal has age || true) && principal.age > 3 };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`"#]),
        Case("orBothGuard", #"permit(principal, action == NS::Action::"read", resource) when { (principal has age || principal has age) && principal.age > 3 };"#, kinds: [], messages: []),
        Case("guardedTag", #"permit(principal, action == NS::Action::"read", resource) when { principal.hasTag("x") && principal.getTag("x") == "" };"#, kinds: [], messages: []),
        Case("actionGroup", #"permit(principal, action in NS::Action::"all", resource) when { resource.owner == principal };"#, kinds: [], messages: []),
        Case("disjointEq", #"permit(principal, action == NS::Action::"read", resource) when { principal == resource };"#, kinds: [], messages: []),
        Case("datetimeCompare", #"permit(principal, action == NS::Action::"read", resource) when { principal.joined < datetime("2024-01-01") && principal.joined.offset(duration("1d")) > datetime("2024-01-01") };"#, kinds: [], messages: []),
        Case("templateOk", #"permit(principal in ?principal, action == NS::Action::"read", resource == ?resource);"#, kinds: [], messages: []),
        Case("templateBad", #"permit(principal == ?principal, action == NS::Action::"read", resource) when { principal.age > 1 };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`"#]),
        Case("shortCircuitFalse", #"permit(principal, action == NS::Action::"read", resource) when { false && principal.nope };"#, kinds: [], messages: []),
        Case("unlessClause", #"permit(principal, action == NS::Action::"read", resource) unless { principal.age == 1 };"#, kinds: [.unsafeOptionalAttributeAccess], messages: [#"for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`"#]),
        Case("decimalCompareOp", #"permit(principal, action == NS::Action::"read", resource) when { resource.level < decimal("1.0") };"#, kinds: [.unexpectedType, .unexpectedType], messages: [#"for policy `policy0`, unexpected type: expected datetime, or duration, or Long but saw decimal"#, #"for policy `policy0`, unexpected type: expected datetime, or duration, or Long but saw decimal"#]),
        Case("isInScope", #"permit(principal is NS::U in NS::G::"g", action, resource);"#, kinds: [], messages: []),
        Case("recordLit", #"permit(principal, action == NS::Action::"read", resource) when { {a: 1, b: principal.name}.b == "x" };"#, kinds: [], messages: []),
        Case("likeOnEntity", #"permit(principal, action == NS::Action::"read", resource) when { principal like "a*" };"#, kinds: [.unexpectedType], messages: [#"for policy `policy0`, unexpected type: expected String but saw NS::U"#]),
        Case("inSet", #"permit(principal, action == NS::Action::"read", resource) when { principal in [NS::G::"a", NS::G::"b"] };"#, kinds: [], messages: []),
        Case("inSetMixed", #"permit(principal, action == NS::Action::"read", resource) when { principal in [NS::G::"a", NS::U::"b"] };"#, kinds: [.incompatibleTypes], messages: [#"the types NS::G and NS::U are not compatible"#]),
        Case("containsAllMixed", #"permit(principal, action == NS::Action::"read", resource) when { principal.tags.containsAll([1]) };"#, kinds: [.incompatibleTypes], messages: [#"the types Set<Long> and Set<String> are not compatible"#]),
        Case("hasOnSet", #"permit(principal, action == NS::Action::"read", resource) when { principal.tags has x };"#, kinds: [.unexpectedType], messages: [#"for policy `policy0`, unexpected type: expected __cedar::internal::AnyEntity, or __cedar::internal::OpenRecord{} but saw Set<String>"#]),
        Case("actionAttr", #"permit(principal, action == NS::Action::"read", resource) when { action.foo == 1 };"#, kinds: [.unsafeAttributeAccess], messages: [#"for policy `policy0`, attribute `foo` on entity type `NS::Action` not found"#]),
        Case("contextWrongAction", #"permit(principal, action == NS::Action::"admin", resource) when { context.ip.isIpv4() };"#, kinds: [.unsafeAttributeAccess], messages: [#"for policy `policy0`, attribute `ip` in context for NS::Action::"admin" not found"#]),
    ]

    static func validator() throws -> Validator { Validator(schema: try Schema(parsing: schemaText)) }

    @Test("matches the reference", arguments: cases)
    func referenceCase(_ c: Case) throws {
        let result = try Self.validator().validate(text: c.policy)
        #expect(result.isValid == c.messages.isEmpty)
        #expect(Set(result.errors.map(\.message)) == Set(c.messages))
        #expect(Set(result.errors.map(\.kind)) == Set(c.kinds))
        #expect(result.errors.allSatisfy { $0.policyID == "policy0" && $0.location != nil })
    }

    @Test("impossible policy is a warning, not an error")
    func impossiblePolicy() throws {
        let result = try Self.validator().validate(text: #"permit(principal, action == NS::Action::"read", resource) when { principal in resource };"#)
        #expect(result.isValid)
        #expect(result.warnings.map(\.kind) == [.impossiblePolicy])
    }

    @Test("errors carry line, column and excerpt")
    func locations() throws {
        let text = """
        permit(principal, action == NS::Action::"read", resource);
        permit(principal, action == NS::Action::"read", resource)
        when { principal.age > 3 };
        """
        let result = try Self.validator().validate(text: text)
        #expect(result.policyResults.map(\.isValid) == [true, false])
        let e = try #require(result.errors.first)
        #expect(e.policyID == "policy1")
        #expect(e.kind == .unsafeOptionalAttributeAccess)
        #expect(e.location == SourceLocation(line: 3, column: 18, excerpt: "when { principal.age > 3 };"))
        #expect(e.help == "try testing for the attribute's presence with `e has age && ..`")
    }

    @Test("one error per source occurrence, however many environments report it (as the reference)")
    func errorMultiplicity() throws {
        let v = try Self.validator()
        let twice = try v.validate(text: #"permit(principal, action == NS::Action::"read", resource) when { principal.age > 1 && principal.age < 5 };"#)
        #expect(twice.errors.map(\.kind) == [.unsafeOptionalAttributeAccess, .unsafeOptionalAttributeAccess])
        #expect(Set(twice.errors.compactMap(\.location?.column)).count == 2)
        let group = try v.validate(text: #"permit(principal, action in NS::Action::"all", resource) when { principal.age > 1 };"#)
        #expect(group.errors.count == 1)
        let anyAction = try v.validate(text: #"permit(principal, action, resource) when { principal.age > 1 };"#)
        #expect(Set(anyAction.errors.map(\.message)) == [
            "for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`",
            "for policy `policy0`, attribute `age` on entity type `NS::G` not found",
        ])
        #expect(anyAction.errors.count == 2)
    }

    @Test("works the same with a JSON schema")
    func jsonSchema() throws {
        let json = #"""
        {"NS": {
          "entityTypes": {
            "U": {"shape": {"type": "Record", "attributes": {
              "name": {"type": "String"}, "age": {"type": "Long", "required": false}}}},
            "D": {}
          },
          "actions": {
            "read": {"appliesTo": {"principalTypes": ["U"], "resourceTypes": ["D"]}}
          }
        }}
        """#
        let v = Validator(schema: try Schema(json: json))
        let bad = try v.validate(text: #"permit(principal, action == NS::Action::"read", resource) when { principal.age > 1 };"#)
        #expect(bad.errors.map(\.message) == ["for policy `policy0`, unable to guarantee safety of access to optional attribute `age` on entity type `NS::U`"])
        let good = try v.validate(text: #"permit(principal, action == NS::Action::"read", resource) when { principal has age && principal.age > 1 };"#)
        #expect(good.isValid)
    }

    @Test("results follow the order of the policy text, templates included")
    func policyOrder() throws {
        let text = #"""
        permit(principal == ?principal, action == NS::Action::"read", resource);
        permit(principal, action == NS::Action::"read", resource) when { principal.age > 1 };
        permit(principal, action == NS::Action::"read", resource == ?resource) when { resource.nope };
        """#
        let result = try Self.validator().validate(text: text)
        #expect(result.policyIDs == ["policy0", "policy1", "policy2"])
        #expect(result.policyResults.map(\.isValid) == [true, false, false])
        #expect(result.errors.map(\.policyID) == ["policy1", "policy2"])
        #expect(result.errors.map { $0.location?.line } == [2, 3])
    }

    @Test("suggestions for misspelled names")
    func suggestions() throws {
        let r1 = try Self.validator().validate(text: #"permit(principal is NS::Uu, action, resource);"#)
        #expect(r1.errors.first { $0.kind == .unrecognizedEntityType }?.help == "did you mean `NS::U`?")
        let r2 = try Self.validator().validate(text: #"permit(principal, action == NS::Action::"raed", resource);"#)
        // The reference compares the id with whole uids (`NS::Action::"read"`), so only check that some suggestion is made.
        #expect(r2.errors.first { $0.kind == .unrecognizedActionId }?.help?.hasPrefix("did you mean") == true)
        let r3 = try Self.validator().validate(text: #"permit(principal, action == NS::Action::"read", resource) when { principal.nam == "" };"#)
        #expect(r3.errors.first?.help == "did you mean `name`?")
    }

    // Kinds that policy text cannot produce (the parser rejects unknown
    // functions and wrong arities) are checked on hand-built ASTs.

    static func policy(_ body: Expr) -> Policy {
        Policy(id: "p", effect: .permit, action: .eq(EntityUID(type: "NS::Action", id: "read")),
               conditions: [Condition(kind: .when, body: body)])
    }

    @Test("undefined extension function")
    func undefinedFunction() throws {
        var set = PolicySet()
        try set.add(Self.policy(.call(Name(id: "frobnicate"), [.literal(.long(1))])))
        let result = try Self.validator().validate(set)
        #expect(result.errors.map(\.kind) == [.undefinedFunction])
        #expect(result.errors.first?.message == "for policy `p`, undefined extension function: frobnicate")
    }

    @Test("wrong number of arguments")
    func wrongArity() throws {
        var set = PolicySet()
        try set.add(Self.policy(.call(Name(id: "isIpv4"), [])))
        let result = try Self.validator().validate(set)
        #expect(result.errors.map(\.kind) == [.wrongNumberArguments])
        #expect(result.errors.first?.message == "for policy `p`, wrong number of arguments in extension function application. Expected 1, got 0")
    }

    @Test("getTag on a type without tags")
    func noTagsAllowed() throws {
        let v = try Self.validator()
        let env = try #require(v.info.environments.first { $0.action.id == "read" })
        let tc = Typechecker(schema: v.info, env: env, policyID: "p")
        let resource = Expr.variable(.resource), key = Expr.literal(.string("k"))
        // The guard cannot be written in a policy (hasTag is `False` here), so supply the capability directly.
        let answer = tc.typecheck(.binary(.getTag, resource, key), [.tag(resource, key)])
        #expect(!answer.ok)
        #expect(tc.errors.map(\.kind) == [.noTagsAllowed])
        #expect(tc.errors.first?.message == "for policy `p`, `.getTag()` is not allowed on entities of type `NS::D` because no `tags` were declared on the entity type in the schema")
    }

    @Test("template links are checked for slot types and action application")
    func templateLinks() throws {
        var set = try PolicySet(parsing: #"permit(principal in ?principal, action == NS::Action::"read", resource == ?resource);"#)
        try set.link(TemplateLink(id: "ok", templateId: "policy0",
                                  values: [.principal: EntityUID(type: "NS::G", id: "g"), .resource: EntityUID(type: "NS::D", id: "d")]))
        try set.link(TemplateLink(id: "bad", templateId: "policy0",
                                  values: [.principal: EntityUID(type: "NS::Nope", id: "g"), .resource: EntityUID(type: "NS::G", id: "d")]))
        let result = try Self.validator().validate(set)
        #expect(result.errors(for: "ok").isEmpty)
        #expect(Set(result.errors(for: "bad").map(\.kind)) == [.unrecognizedEntityType, .invalidActionApplication])
    }

    @Test("type display and least upper bounds follow strict mode")
    func lubRules() {
        let u = ValidatorType.entity([Name(qualified: "NS::U")]), g = ValidatorType.entity([Name(qualified: "NS::G")])
        #expect(ValidatorType.leastUpperBound(u, g, strict: true) == .failure(.entityType))
        #expect(ValidatorType.leastUpperBound(.trueType, .falseType, strict: true) == .success(.anyBool))
        let r1 = ValidatorType.record(["a": .init(.long, isRequired: true)], open: false)
        let r2 = ValidatorType.record(["a": .init(.long, isRequired: false)], open: false)
        let r3 = ValidatorType.record(["b": .init(.long, isRequired: true)], open: false)
        #expect(ValidatorType.leastUpperBound(r1, r2, strict: true) == .failure(.attributeQualifier))
        #expect(ValidatorType.leastUpperBound(r1, r3, strict: true) == .failure(.recordWidth))
        #expect(ValidatorType.leastUpperBound(u, r1, strict: true) == .failure(.entityRecord))
        #expect(ValidatorType.set(nil).description == "Set<__cedar::internal::Any>")
        #expect(r2.description == "{a?: Long,}")
    }
}

@Suite("Validator: limits")
struct ValidationLimitTests {
    @Test("long && chains and deep nesting do not exhaust the stack")
    func deepPolicies() throws {
        let v = try ValidationKindTests.validator()
        let chain = Array(repeating: "principal has age && principal.age > 1", count: 900).joined(separator: " && ")
        let r1 = try v.validate(text: #"permit(principal, action == NS::Action::"read", resource) when { \#(chain) };"#)
        #expect(r1.isValid)
        let nested = String(repeating: "(", count: 190) + "principal.age" + String(repeating: ")", count: 190)
        let r2 = try v.validate(text: #"permit(principal, action == NS::Action::"read", resource) when { \#(nested) > 1 };"#)
        #expect(r2.errors.map(\.kind) == [.unsafeOptionalAttributeAccess])
    }
}
