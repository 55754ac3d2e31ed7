import Cedar
import Foundation

/// A Cloudinary system policy: a named set of Cedar statements, read-only, loaded from the catalog.
public struct SystemPolicy: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    public var scopeType: ScopeType
    public var permissionType: PermissionType
    public var category: String?
    public var subCategory: String?
    public var policyParameters: [PolicyParameterKind]
    public var statement: String

    public init(
        id: String, name: String, description: String?, scopeType: ScopeType, permissionType: PermissionType,
        category: String?, subCategory: String?, policyParameters: [PolicyParameterKind], statement: String
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.scopeType = scopeType
        self.permissionType = permissionType
        self.category = category
        self.subCategory = subCategory
        self.policyParameters = policyParameters
        self.statement = statement
    }

    /// The statement with the content placeholder replaced by an instance id, when one is given.
    public func statement(instance: (kind: PolicyParameterKind, id: String)?) -> String {
        guard let instance else { return statement }
        return statement.replacingOccurrences(of: instance.kind.placeholder, with: Self.cedarStringBody(instance.id))
    }

    /// Escapes an id for use inside a Cedar string literal, so no instance id can change a statement's meaning.
    static func cedarStringBody(_ raw: String) -> String {
        String(cedarQuoted(raw).dropFirst().dropLast())
    }
}
