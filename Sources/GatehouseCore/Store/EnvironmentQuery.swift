/// Product-environment list filters; `ids` wins over the others when given.
public struct EnvironmentQuery: Sendable, Hashable {
    public var accountID: String
    public var ids: [String] = []
    public var cloudNames: [String] = []
    public var namePrefix: String?
    public var enabled: Bool?

    public init(accountID: String) { self.accountID = accountID }
}
