/// The roles on a folder as `GET folder_operations/invite/{folder_id}` shows them: held on the folder itself
/// or on one above it (`inherited`).
public typealias FolderRoles = ContentRoles

extension ContentRoleHolding {
    /// The external id of the folder the roles are held on.
    public var folderID: String { instanceID }
}

/// A change of folder roles through the Admin API (`POST folder_operations/invite/{folder_id}`).
public typealias FolderRoleChange = ContentRoleChange
