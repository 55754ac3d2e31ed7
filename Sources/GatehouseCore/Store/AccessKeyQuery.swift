/// Access-key listing of one environment: sorting and optional paging.
public struct AccessKeyQuery: Sendable, Hashable {
    public enum SortField: String, Sendable, CaseIterable { case apiKey = "api_key", createdAt = "created_at", name, enabled }

    public var subAccountID: String
    public var sortBy: SortField = .createdAt
    public var ascending: Bool = true
    public var page: Int = 1
    public var pageSize: Int?

    public init(subAccountID: String) { self.subAccountID = subAccountID }
}
