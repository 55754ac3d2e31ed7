/// A change of content roles on one folder or collection through the Admin API
/// (`POST folder_operations/invite/{folder_id}`, `POST collection_operations/invite/{collection_id}`).
public struct ContentRoleChange: Sendable {
    public enum Operation: String, Sendable, CaseIterable { case add, remove }

    public var principal: Principal
    public var operation: Operation
    public var roleIDs: [String]

    public init(principal: Principal, operation: Operation, roleIDs: [String]) {
        self.principal = principal
        self.operation = operation
        self.roleIDs = roleIDs
    }

    /// At most this many role ids per call, as Cloudinary documents.
    public static let maxRoles = 10

    /// Who may hold roles of this kind: account keys hold no content roles, and collection roles are for
    /// users and groups only (permissions model rule 5).
    public static func principalTypes(for kind: PolicyParameterKind) -> [PrincipalType] {
        switch kind {
        case .folderID: [.user, .group, .apiKey]
        case .collectionID: [.user, .group]
        }
    }

    /// Shape checks that need no store: principal kind, role count, no blank ids.
    public func validate(for kind: PolicyParameterKind = .folderID) throws(GatehouseError) {
        let allowed = Self.principalTypes(for: kind)
        guard allowed.contains(principal.type) else {
            throw .invalidField(field: "principal.type", reason: "must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        guard !principal.id.isEmpty else { throw .invalidField(field: "principal.id", reason: "is required") }
        guard !roleIDs.isEmpty else { throw .invalidField(field: "roles", reason: "must name at least one role") }
        guard roleIDs.count <= Self.maxRoles else {
            throw .invalidField(field: "roles", reason: "may name at most \(Self.maxRoles) roles per call, got \(roleIDs.count)")
        }
        if roleIDs.contains(where: \.isEmpty) { throw .invalidField(field: "roles", reason: "must not contain empty role ids") }
    }
}
