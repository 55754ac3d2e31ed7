/// The roles on a folder as the Admin API's folder-roles endpoint shows them: per principal and per folder
/// where the roles were given (the folder itself or one above it), with `inherited` telling which.
public struct FolderRoles: Sendable {
    public struct Holding: Sendable {
        public var principal: Principal
        /// The external id of the folder the roles are held on.
        public var folderID: String
        public var roles: [Role]
        /// True when `folderID` is a folder above the requested one.
        public var inherited: Bool
    }

    public var sharedWith: [Holding]
    /// The folder roles the caller may give or take on this folder; nil unless asked for.
    public var permittedRoles: [Role]?
}

/// A change of folder roles through the Admin API (`POST folder_operations/invite/{folder_id}`).
public struct FolderRoleChange: Sendable {
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
    /// The principal kinds the Admin API accepts here (account keys hold no folder roles).
    public static let principalTypes: Set<PrincipalType> = [.user, .group, .apiKey]

    /// Shape checks that need no store: principal kind, role count, no blank ids.
    public func validate() throws(GatehouseError) {
        guard Self.principalTypes.contains(principal.type) else {
            throw .invalidField(field: "principal.type", reason: "must be one of user, group, apiKey")
        }
        guard !principal.id.isEmpty else { throw .invalidField(field: "principal.id", reason: "is required") }
        guard !roleIDs.isEmpty else { throw .invalidField(field: "roles", reason: "must name at least one role") }
        guard roleIDs.count <= Self.maxRoles else {
            throw .invalidField(field: "roles", reason: "may name at most \(Self.maxRoles) roles per call, got \(roleIDs.count)")
        }
        if roleIDs.contains(where: \.isEmpty) { throw .invalidField(field: "roles", reason: "must not contain empty role ids") }
    }
}
