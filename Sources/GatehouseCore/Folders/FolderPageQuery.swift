/// One page of an environment's folders in a search's order, read by the store itself: a principal who may
/// read thousands of folders gets its page of 50 and the count without every folder being loaded and sorted.
public struct FolderPageQuery: Sendable, Hashable {
    public var environmentID: String
    /// External ids of the folders listed with every folder below them (ids of no folder of the environment
    /// name nothing); nil lists every folder of the environment.
    public var subtreesOf: Set<String>?
    public var sortBy: FolderSearch.SortField
    public var ascending: Bool
    public var limit: Int
    public var offset: Int

    public init(
        environmentID: String, subtreesOf: Set<String>?, sortBy: FolderSearch.SortField, ascending: Bool, limit: Int, offset: Int
    ) {
        self.environmentID = environmentID
        self.subtreesOf = subtreesOf
        self.sortBy = sortBy
        self.ascending = ascending
        self.limit = limit
        self.offset = offset
    }

    /// More subtrees than this are listed in memory instead (one statement with thousands of ranges helps no one).
    public static let maxSubtrees = 500
}

/// A page of folders and how many the query matches in all.
public struct FolderPage: Sendable {
    public var folders: [Folder]
    public var total: Int

    public init(folders: [Folder], total: Int) {
        self.folders = folders
        self.total = total
    }
}
