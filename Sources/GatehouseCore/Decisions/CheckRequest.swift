/// A question for the decision service: may this principal do this action on this resource?
public struct CheckRequest: Sendable {
    /// The resource as a Cedar entity: its type (e.g. `Cloudinary::Folder`), id and attributes (e.g.
    /// `ancestor_ids`), with optional parent entities.
    public struct Resource: Sendable, Hashable {
        public var type: String
        public var id: String
        public var attributes: [String: JSONValue]
        public init(type: String, id: String, attributes: [String: JSONValue] = [:]) {
            self.type = type
            self.id = id
            self.attributes = attributes
        }
    }

    public var principal: Principal
    /// The action id in the `Cloudinary::Action` namespace (e.g. `read`), or a fully qualified action UID.
    public var action: String
    public var resource: Resource
    public var context: [String: JSONValue]
    /// The product environment the request is about; nil for account-level requests.
    public var scopeID: String?
    /// Hypothetical assignments to evaluate as if they existed (nothing is written).
    public var whatIf: [RoleGrantRequest]

    public init(
        principal: Principal, action: String, resource: Resource, context: [String: JSONValue] = [:], scopeID: String? = nil,
        whatIf: [RoleGrantRequest] = []
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
        self.scopeID = scopeID
        self.whatIf = whatIf
    }
}

/// The answer with its explanation.
public struct CheckResult: Sendable {
    public enum Decision: String, Sendable { case allow, deny }

    /// One step of the path from the principal to a policy.
    public struct Step: Sendable, Hashable {
        public enum Kind: String, Sendable { case principal, group, role, systemPolicy = "system_policy", customPolicy = "custom_policy" }
        public var kind: Kind
        public var id: String
        public var name: String?
        public var scopeID: String?
        public var instance: ContentInstance?
        /// True for a role that exists only in the request's `what_if`.
        public var hypothetical: Bool = false
        /// For a held role: how it was given (by hand, by the legacy role, by the SAML IdP).
        public var source: RoleAssignment.Source?
    }

    /// A policy that decided the answer, with how the principal came to be subject to it.
    public struct Determining: Sendable {
        public var policyID: String
        public var effect: String
        public var path: [Step]
    }

    /// A system policy that would have allowed a denied request, and the roles that carry it.
    public struct Missing: Sendable {
        public var policy: SystemPolicy
        public var instance: ContentInstance?
        public var roleIDs: [String]
    }

    public var decision: Decision
    public var determining: [Determining]
    public var errors: [String]
    public var missing: [Missing]
    /// Why some of the principal's grants could not apply here (e.g. no access to the environment).
    public var notes: [String]
    /// Set while `DecisionCache` keeps the answer, and the same each time the answer is found there again:
    /// a door may keep what it made of the answer (its encoded body) under this number.
    public internal(set) var keptAs: UInt64? = nil
}
