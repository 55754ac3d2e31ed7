import GatehouseCore

/// The decision service's answer on the wire.
struct WireCheckResult: Encodable {
    struct Step: Encodable {
        var type: String
        var id: String
        var name: String?
        var scope_id: String?
        var policy_parameters: [String: String]?
        var hypothetical: Bool?
    }
    struct Determining: Encodable {
        var id: String
        var effect: String
        var path: [Step]
    }
    struct Missing: Encodable {
        var system_policy_id: String
        var name: String
        var policy_parameters: [String: String]?
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
                Step(type: $0.kind.rawValue, id: $0.id, name: $0.name, scope_id: $0.scopeID,
                     policy_parameters: wireParameters($0.instance), hypothetical: $0.hypothetical ? true : nil)
            })
        }
        errors = r.errors
        missing_permissions = r.missing.map {
            Missing(system_policy_id: $0.policy.id, name: $0.policy.name, policy_parameters: wireParameters($0.instance), roles: $0.roleIDs)
        }
        notes = r.notes
    }
}

/// A composite operation's answer: each requirement with its own explanation, and the unmet ones by name.
struct WireCompositeResult: Encodable {
    struct Part: Encodable {
        var requirement: String
        var action: String
        var subject: String
        var satisfied: Bool
        var result: WireCheckResult
    }
    var operation: String
    var decision: String
    var requirements: [Part]
    var missing_requirements: [String]

    init(_ r: CompositeCheckResult) {
        operation = r.operation.rawValue
        decision = r.decision.rawValue
        requirements = r.parts.map {
            Part(requirement: $0.requirement.label, action: $0.requirement.action, subject: $0.requirement.subject.rawValue,
                 satisfied: $0.result.decision == .allow, result: WireCheckResult($0.result))
        }
        missing_requirements = r.missing.map(\.label)
    }
}
