/// How Admin API operations (folders, collections) are decided: principal = the calling API key,
/// `scope_id` = its product environment, and a denial is Cloudinary's 403 `NotAllowed` message.
extension DecisionService {
    func isAllowed(
        _ action: String, on resource: CheckRequest.Resource, context: [String: JSONValue] = [:], caller: EnvironmentCaller,
        in db: any StoreReader
    ) throws -> Bool {
        let request = CheckRequest(
            principal: caller.principal, action: action, resource: resource, context: context, scopeID: caller.environmentID)
        return try check(request, accountID: caller.accountID, in: db).decision == .allow
    }

    /// Throws Cloudinary's 403 for a denied action.
    func ensureAllowed(
        _ action: String, on resource: CheckRequest.Resource, context: [String: JSONValue] = [:], caller: EnvironmentCaller,
        in db: any StoreReader
    ) throws {
        guard try isAllowed(action, on: resource, context: context, caller: caller, in: db) else {
            throw GatehouseError.notAllowed(Self.forbiddenMessage(actions: [action], environmentID: caller.environmentID))
        }
    }

    /// The message Cloudinary's Admin API gives for a call the key's roles do not allow.
    public static func forbiddenMessage(actions: [String], environmentID: String) -> String {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        return "[prodenv:\(environmentID)] Request forbidden due to missing permissions (actions=[\(list)])"
    }
}
