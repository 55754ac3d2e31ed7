import GatehouseCore

/// The decision service's answer on the wire. Written with `JSONWriter` (the route's hot path), keys in
/// this order.
struct WireCheckResult {
    struct Step {
        var type: String
        var id: String
        var name: String?
        var scope_id: String?
        var policy_parameters: ContentInstance?
        var hypothetical: Bool?
    }
    struct Determining {
        var id: String
        var effect: String
        var path: [Step]
    }
    struct Missing {
        var system_policy_id: String
        var name: String
        var policy_parameters: ContentInstance?
        var roles: [String]
    }

    var decision: String
    var determining_policies: [Determining]
    var errors: [String]
    var missing_permissions: [Missing]
    var notes: [String]

    init(_ r: CheckResult) {
        decision = r.decision.rawValue
        determining_policies = r.determining.map { d in
            Determining(id: d.policyID, effect: d.effect, path: d.path.map {
                Step(type: $0.kind.rawValue, id: $0.id, name: $0.name, scope_id: $0.scopeID, policy_parameters: $0.instance,
                     hypothetical: $0.hypothetical ? true : nil)
            })
        }
        errors = r.errors
        missing_permissions = r.missing.map {
            Missing(system_policy_id: $0.policy.id, name: $0.policy.name, policy_parameters: $0.instance, roles: $0.roleIDs)
        }
        notes = r.notes
    }

    func write(to w: inout JSONWriter) {
        w.object { w in
            w.member("decision", decision)
            w.member("determining_policies") { w in
                w.array(determining_policies) { w, d in
                    w.object { w in
                        w.member("id", d.id)
                        w.member("effect", d.effect)
                        w.member("path") { w in
                            w.array(d.path) { w, step in
                                w.object { w in
                                    w.member("type", step.type)
                                    w.member("id", step.id)
                                    w.member("name", step.name)
                                    w.member("scope_id", step.scope_id)
                                    Self.write(step.policy_parameters, to: &w)
                                    w.member("hypothetical", step.hypothetical)
                                }
                            }
                        }
                    }
                }
            }
            w.member("errors") { w in w.array(errors) { w, e in w.string(e) } }
            w.member("missing_permissions") { w in
                w.array(missing_permissions) { w, m in
                    w.object { w in
                        w.member("system_policy_id", m.system_policy_id)
                        w.member("name", m.name)
                        Self.write(m.policy_parameters, to: &w)
                        w.member("roles") { w in w.array(m.roles) { w, r in w.string(r) } }
                    }
                }
            }
            w.member("notes") { w in w.array(notes) { w, n in w.string(n) } }
        }
    }

    /// `"policy_parameters": {"folder_id": "…"}`, as everywhere in the Permissions API.
    private static func write(_ instance: ContentInstance?, to w: inout JSONWriter) {
        guard let instance else { return }
        w.member("policy_parameters") { w in w.object { w in w.member(instance.kind.rawValue, instance.id) } }
    }
}

/// A composite operation's answer: each requirement with its own explanation, and the unmet ones by name.
struct WireCompositeResult {
    let result: CompositeCheckResult

    init(_ r: CompositeCheckResult) { result = r }

    func write(to w: inout JSONWriter) {
        w.object { w in
            w.member("operation", result.operation.rawValue)
            w.member("decision", result.decision.rawValue)
            w.member("requirements") { w in
                w.array(result.parts) { w, part in
                    w.object { w in
                        w.member("requirement", part.requirement.label)
                        w.member("action", part.requirement.action)
                        w.member("subject", part.requirement.subject.rawValue)
                        w.member("satisfied", part.result.decision == .allow)
                        w.member("result") { w in WireCheckResult(part.result).write(to: &w) }
                    }
                }
            }
            w.member("missing_requirements") { w in w.array(result.missing) { w, m in w.string(m.label) } }
        }
    }
}
