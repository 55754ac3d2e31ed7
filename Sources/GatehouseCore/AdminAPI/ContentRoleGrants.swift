import Cedar

/// What one content role alone allows when held on one folder or collection, evaluated with Cedar on the
/// role's own statements (the holder's other grants play no part). Sharing uses it to keep a sharer from
/// giving a role above its own level (permissions model rule 35).
enum ContentRoleGrants {
    /// The probes the role allows. A probe is anything the caller can turn into an action, a resource and
    /// a context (folders probe the folder and assets in it; collections the collection itself).
    static func grants<Probe: Hashable>(
        of role: Role, heldOn instance: ContentInstance, probes: [Probe], decisions: DecisionService,
        request: (Probe) -> (action: String, resource: CheckRequest.Resource, context: [String: JSONValue])
    ) throws -> Set<Probe> {
        var policies = PolicySet()
        for (j, policy) in try decisions.permissions.policies(of: role).enumerated() {
            for (k, var parsed) in try decisions.statements.policies(of: policy, instance: instance).enumerated() {
                parsed.id = "p\(j).s\(k)"
                try policies.add(parsed)
            }
        }
        let principal = EntityUID(type: "\(CedarBridge.namespace)::APIKey", id: "probe")
        var granted = Set<Probe>()
        for probe in probes {
            let (action, resource, context) = request(probe)
            let uid = EntityUID(type: "\(CedarBridge.namespace)::\(resource.type)", id: resource.id)
            let cedarRequest = Cedar.Request(
                principal: principal, action: try CedarBridge.action(action), resource: uid,
                context: try CedarBridge.record(context, field: "context"))
            let entities = try Entities([
                Entity(uid: principal),
                Entity(uid: uid, attributes: try CedarBridge.record(resource.attributes, field: "resource")),
            ])
            if Authorizer().isAuthorized(cedarRequest, policies: policies, entities: entities).decision == .allow { granted.insert(probe) }
        }
        return granted
    }
}
