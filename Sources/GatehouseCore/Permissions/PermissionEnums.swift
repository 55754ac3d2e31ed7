/// Where a role or policy applies: the whole account, or one product environment.
public enum ScopeType: String, Sendable, Hashable, CaseIterable, Codable {
    case account
    case prodenv
}

/// `global` applies everywhere in its scope; `content` applies to one folder or collection instance.
public enum PermissionType: String, Sendable, Hashable, CaseIterable, Codable {
    case global
    case content
}

/// System roles and policies come from the catalog and are read-only; custom ones belong to an account.
public enum ManagementType: String, Sendable, Hashable, CaseIterable, Codable {
    case system
    case custom
}

/// The four kinds of principal a role can be assigned to.
public enum PrincipalType: String, Sendable, Hashable, CaseIterable, Codable {
    case user
    case group
    case apiKey
    case provisioningKey
}

/// The instance kind a content role is bound to, named as the placeholder in its statements.
public enum PolicyParameterKind: String, Sendable, Hashable, CaseIterable, Codable {
    case folderID = "folder_id"
    case collectionID = "collection_id"

    /// The text standing in system statements for the instance id.
    public var placeholder: String { "<\(rawValue)>" }
}

/// A principal reference as the API names it.
public struct Principal: Sendable, Hashable, Codable {
    public var type: PrincipalType
    public var id: String
    public init(type: PrincipalType, id: String) {
        self.type = type
        self.id = id
    }
}
