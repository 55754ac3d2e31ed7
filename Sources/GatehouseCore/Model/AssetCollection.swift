import Foundation

/// A named collection of assets in one product environment: the instance a collection role
/// (`policy_parameters: {"collection_id": …}`) is held on. Named `AssetCollection`, not `Collection`, so it
/// never shadows the standard library's `Collection` protocol in modules that import GatehouseCore.
/// Gatehouse stores no assets, so a collection here is its identity and name only.
public struct AssetCollection: Sendable, Hashable, Identifiable {
    /// Random hex, URL-safe, fixed for the collection's life (renames keep it), so roles follow the collection.
    public var externalID: String
    public var environmentID: String
    public var name: String
    /// The principal that created it (the calling API key for the Admin API); nil when not recorded.
    public var createdBy: Principal?
    public var createdAt: Date
    public var updatedAt: Date

    public var id: String { externalID }

    public init(
        externalID: String, environmentID: String, name: String, createdBy: Principal?, createdAt: Date, updatedAt: Date
    ) {
        self.externalID = externalID
        self.environmentID = environmentID
        self.name = name
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
