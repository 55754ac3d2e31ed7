import Foundation

/// A customer-written Cedar policy attached to a scope (not to a role).
public struct CustomPolicy: Sendable, Hashable, Identifiable {
    public var id: String
    public var accountID: String
    public var name: String
    public var description: String?
    public var statement: String
    public var scopeType: ScopeType
    /// nil for account scope; an environment id or `all` for prodenv scope.
    public var scopeID: String?
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, accountID: String, name: String, description: String?, statement: String, scopeType: ScopeType,
        scopeID: String?, enabled: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.description = description
        self.statement = statement
        self.scopeType = scopeType
        self.scopeID = scopeID
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
