/// `permit` or `forbid`.
public enum Effect: String, Sendable, Hashable {
    case permit, forbid
}

/// Policy annotations (`@key("value")`), kept in source order.
/// A bare `@key` has the value `""`, as in the reference implementation, but
/// remembers that it was bare: the reference's formatter and JSON format
/// (`null` instead of `""`) tell the two apart.
public struct Annotations: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: String
        /// Written `@key` without a value.
        public var isBare: Bool
        public init(key: String, value: String, isBare: Bool = false) {
            self.key = key
            self.value = value
            self.isBare = isBare && value.isEmpty
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.value
    }

    public var isEmpty: Bool { entries.isEmpty }
}

/// The target of a principal/resource scope constraint: a concrete entity or a template slot.
public enum EntityReference: Sendable, Hashable {
    case entity(EntityUID)
    case slot(SlotId)
}

/// The principal or resource part of a policy scope.
public enum ScopeConstraint: Sendable, Hashable {
    /// No constraint (`principal`).
    case any
    /// `principal == E`
    case eq(EntityReference)
    /// `principal in E`
    case `in`(EntityReference)
    /// `principal is T`
    case `is`(EntityType)
    /// `principal is T in E`
    case isIn(EntityType, EntityReference)

    /// The slot this constraint refers to, if any.
    public var slot: SlotId? {
        switch self {
        case let .eq(.slot(s)), let .in(.slot(s)), let .isIn(_, .slot(s)): return s
        default: return nil
        }
    }
}

/// The action part of a policy scope.
public enum ActionConstraint: Sendable, Hashable {
    case any
    /// `action == A`
    case eq(EntityUID)
    /// `action in A`
    case `in`(EntityUID)
    /// `action in [A, B, …]`
    case inSet([EntityUID])
}

/// `when { … }` or `unless { … }`.
public struct Condition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case when, unless }
    public var kind: Kind
    public var body: Expr
    public init(kind: Kind, body: Expr) {
        self.kind = kind
        self.body = body
    }
}

/// A static policy or a template (a template has at least one slot in its scope).
public struct Policy: Sendable, Hashable {
    /// Policy id: `policy0`, `policy1`, … in file order unless given explicitly.
    public var id: String
    public var effect: Effect
    public var annotations: Annotations
    public var principal: ScopeConstraint
    public var action: ActionConstraint
    public var resource: ScopeConstraint
    public var conditions: [Condition]

    public init(id: String, effect: Effect, annotations: Annotations = Annotations(),
                principal: ScopeConstraint = .any, action: ActionConstraint = .any,
                resource: ScopeConstraint = .any, conditions: [Condition] = []) {
        self.id = id
        self.effect = effect
        self.annotations = annotations
        self.principal = principal
        self.action = action
        self.resource = resource
        self.conditions = conditions
    }

    /// Slots used in the scope (templates only).
    public var slots: [SlotId] {
        [principal.slot, resource.slot].compactMap { $0 }
    }

    /// A template is a policy with slots; it must be linked before it applies.
    public var isTemplate: Bool { !slots.isEmpty }
}
