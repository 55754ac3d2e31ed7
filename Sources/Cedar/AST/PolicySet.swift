/// A link instantiating a template: fills each slot with an entity.
public struct TemplateLink: Sendable, Hashable {
    /// Id of the resulting policy.
    public var id: String
    /// Id of the template being linked.
    public var templateId: String
    public var values: [SlotId: EntityUID]

    public init(id: String, templateId: String, values: [SlotId: EntityUID]) {
        self.id = id
        self.templateId = templateId
        self.values = values
    }
}

/// Errors raised when assembling a policy set.
public enum PolicySetError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateId(String)
    case unknownTemplate(String)
    case notATemplate(String)
    case slotMismatch(templateId: String, expected: [SlotId], given: [SlotId])

    public var description: String {
        switch self {
        case let .duplicateId(id): return "duplicate policy id `\(id)`"
        case let .unknownTemplate(id): return "no template with id `\(id)`"
        case let .notATemplate(id): return "`\(id)` is a static policy, not a template"
        case let .slotMismatch(t, e, g):
            return "template `\(t)` has slots \(e.map(\.rawValue)) but link gives \(g.map(\.rawValue))"
        }
    }
}

/// Static policies, templates and template links.
///
/// Parsing text with `PolicySet(parsing:)` puts policies without slots in
/// `policies` and policies with slots in `templates`, ids `policy0…` in order.
public struct PolicySet: Sendable, Hashable {
    public private(set) var policies: [Policy] = []
    public private(set) var templates: [Policy] = []
    public private(set) var links: [TemplateLink] = []
    /// Static policies followed by linked templates, in insertion order (what the authorizer evaluates).
    private(set) var compiled: [Policy] = []
    /// Scope index over `compiled`.
    private(set) var index = PolicyIndex()
    /// Every id in use (policies, templates, links), for O(1) duplicate checks.
    private var ids = Set<String>()

    public init() {}

    /// Adds a static policy or template depending on whether it has slots.
    public mutating func add(_ policy: Policy) throws(PolicySetError) {
        guard !containsId(policy.id) else { throw .duplicateId(policy.id) }
        ids.insert(policy.id)
        if policy.isTemplate { templates.append(policy) } else {
            policies.append(policy)
            appendCompiled(policy)
        }
    }

    /// Links a template, creating a new policy with id `link.id`.
    public mutating func link(_ link: TemplateLink) throws(PolicySetError) {
        guard !containsId(link.id) else { throw .duplicateId(link.id) }
        guard let template = templates.first(where: { $0.id == link.templateId }) else {
            if policies.contains(where: { $0.id == link.templateId }) { throw .notATemplate(link.templateId) }
            throw .unknownTemplate(link.templateId)
        }
        let expected = Set(template.slots)
        guard expected == Set(link.values.keys) else {
            throw .slotMismatch(templateId: template.id, expected: template.slots,
                                given: link.values.keys.sorted { $0.rawValue < $1.rawValue })
        }
        links.append(link)
        ids.insert(link.id)
        appendCompiled(template.instantiated(id: link.id, values: link.values))
    }

    private mutating func appendCompiled(_ p: Policy) {
        index.insert(p, at: compiled.count)
        compiled.append(p)
    }

    private func containsId(_ id: String) -> Bool { ids.contains(id) }

    /// Every policy that takes part in authorization: static ones plus linked templates.
    public var effectivePolicies: [Policy] { compiled }
}

extension Policy {
    /// Replaces scope slots with the linked entities.
    public func instantiated(id: String, values: [SlotId: EntityUID]) -> Policy {
        func fill(_ r: EntityReference) -> EntityReference {
            if case let .slot(s) = r, let uid = values[s] { return .entity(uid) }
            return r
        }
        func fill(_ c: ScopeConstraint) -> ScopeConstraint {
            switch c {
            case .any, .is: return c
            case let .eq(r): return .eq(fill(r))
            case let .in(r): return .in(fill(r))
            case let .isIn(t, r): return .isIn(t, fill(r))
            }
        }
        var p = self
        p.id = id
        p.principal = fill(principal)
        p.resource = fill(resource)
        return p
    }
}
