/// The product-environment API key behind an Admin API call, once its key and secret were checked against
/// the environment named by the call's cloud name. Folder and collection operations are decided for this key (principal
/// `apiKey`) in this environment (`scope_id`).
public struct EnvironmentCaller: Sendable, Hashable {
    public var accountID: String
    public var environmentID: String
    public var apiKey: String

    public init(accountID: String, environmentID: String, apiKey: String) {
        self.accountID = accountID
        self.environmentID = environmentID
        self.apiKey = apiKey
    }

    public var principal: Principal { Principal(type: .apiKey, id: apiKey) }
}
