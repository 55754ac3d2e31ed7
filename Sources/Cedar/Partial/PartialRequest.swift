/// A request whose principal, resource or context may be unknown (`nil`), for
/// partial evaluation: "which resources could this principal view?" is a request
/// with an unknown resource.
public struct PartialRequest: Sendable, Hashable {
    public var principal: EntityUID?
    public var action: EntityUID
    public var resource: EntityUID?
    public var context: [String: Value]?

    public init(principal: EntityUID?, action: EntityUID, resource: EntityUID?, context: [String: Value]? = [:]) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.context = context
    }

    /// The variables the request leaves unknown.
    public var unknowns: Set<Var> {
        var out = Set<Var>()
        if principal == nil { out.insert(.principal) }
        if resource == nil { out.insert(.resource) }
        if context == nil { out.insert(.context) }
        return out
    }

    /// This request with the unknowns filled in.
    public func completed(principal p: EntityUID? = nil, resource r: EntityUID? = nil, context c: [String: Value]? = nil) -> Request? {
        guard let principal = principal ?? p, let resource = resource ?? r, let context = context ?? c else { return nil }
        return Request(principal: principal, action: action, resource: resource, context: context)
    }
}
