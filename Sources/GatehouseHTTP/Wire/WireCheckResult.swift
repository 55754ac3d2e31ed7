import GatehouseCore

/// The decision service's answer on the wire. Written with `JSONWriter` (the route's hot path), keys in
/// this order.
struct WireCheckResult {
    let result: CheckResult

    init(_ r: CheckResult) { result = r }

    func write(to w: inout JSONWriter) {
        w.object { w in
            w.member("decision", result.decision.rawValue)
            w.member("determining_policies") { w in
                w.array(result.determining) { w, d in
                    w.object { w in
                        w.member("id", d.policyID)
                        w.member("effect", d.effect)
                        w.member("path") { w in
                            w.array(d.path) { w, step in
                                w.object { w in
                                    w.member("type", step.kind.rawValue)
                                    w.member("id", step.id)
                                    w.member("name", step.name)
                                    w.member("scope_id", step.scopeID)
                                    Self.write(step.instance, to: &w)
                                    w.member("hypothetical", step.hypothetical ? true : nil)
                                }
                            }
                        }
                    }
                }
            }
            w.member("errors") { w in w.array(result.errors) { w, e in w.string(e) } }
            w.member("missing_permissions") { w in
                w.array(result.missing) { w, m in
                    w.object { w in
                        w.member("system_policy_id", m.policy.id)
                        w.member("name", m.policy.name)
                        Self.write(m.instance, to: &w)
                        w.member("roles") { w in w.array(m.roleIDs) { w, r in w.string(r) } }
                    }
                }
            }
            w.member("notes") { w in w.array(result.notes) { w, n in w.string(n) } }
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
