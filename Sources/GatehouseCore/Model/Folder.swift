import Foundation

/// An asset folder of one product environment. The external id never changes, so a folder role
/// (`policy_parameters: {"folder_id": …}`) follows the folder through renames and moves.
public struct Folder: Sendable, Hashable, Identifiable {
    /// Random hex, URL-safe; what the Admin API calls `external_id` / `folder_id`.
    public var externalID: String
    public var environmentID: String
    /// The last path segment.
    public var name: String
    /// The full path from the root, segments joined by `/`, no leading or trailing slash.
    public var path: String
    /// The external id of the folder above; nil for a root folder.
    public var parentID: String?
    public var createdAt: Date
    public var updatedAt: Date

    public var id: String { externalID }

    public init(
        externalID: String, environmentID: String, name: String, path: String, parentID: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.externalID = externalID
        self.environmentID = environmentID
        self.name = name
        self.path = path
        self.parentID = parentID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The path of the folder above, nil at the root.
    public var parentPath: String? { FolderPath.parent(of: path) }
}
