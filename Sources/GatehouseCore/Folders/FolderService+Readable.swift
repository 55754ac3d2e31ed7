import Foundation

/// "What can this principal see": the folders of an environment a principal may `read`, for the Admin API's
/// search (the calling key) and the Permissions API's listing (any user, group or key). One partial
/// evaluation of the principal's grants says which subtrees can be allowed (`FolderReach`); only those are
/// read from the store, and only folders a residual policy could still refuse are decided one by one. When
/// folder roles alone decide and the search has no terms, the store pages and counts the subtrees itself.
extension FolderService {
    /// Folders of the environment matching the search among those the principal may `read`: one page in the
    /// search's order, with the total.
    public func search(
        _ search: FolderSearch, visibleTo principal: Principal, environmentID: String, accountID: String
    ) async throws -> FolderSearchResult {
        try await store.read { db in
            let batch = try self.decisions.partialBatch(
                "read", resourceType: "Folder", principal: principal, scopeID: environmentID, accountID: accountID, in: db)
            let reach = FolderReach(batch.partial, folderType: batch.resourceType)
            if case .store(let subtrees) = Self.paging(reach, search: search) {
                let page = try db.folderPage(FolderPageQuery(
                    environmentID: environmentID, subtreesOf: subtrees, sortBy: search.sortBy, ascending: search.ascending,
                    limit: search.maxResults, offset: search.offset))
                let end = search.offset + page.folders.count
                return FolderSearchResult(folders: page.folders, totalCount: page.total, nextCursor: end < page.total ? String(end) : nil)
            }
            let readable = try self.readableFolders(reach, batch: batch, matching: search, environmentID: environmentID, in: db)
            let sorted = search.sorted(readable)
            let page = Array(sorted.dropFirst(search.offset).prefix(search.maxResults))
            let end = search.offset + page.count
            return FolderSearchResult(folders: page, totalCount: sorted.count, nextCursor: end < sorted.count ? String(end) : nil)
        }
    }

    /// Where a listing is paged: by the store, over the subtrees of these folders (external ids; nil: every
    /// folder of the environment), or in memory (terms to match, folders to decide one by one).
    private enum Paging {
        case store(subtrees: Set<String>?)
        case memory
    }

    private static func paging(_ reach: FolderReach, search: FolderSearch) -> Paging {
        guard search.terms.isEmpty else { return .memory }
        switch reach {
        case .every(let allowed): return .store(subtrees: allowed ? nil : [])
        case .within(let roots, exact: true) where roots.count <= FolderPageQuery.maxSubtrees: return .store(subtrees: roots)
        case .within, .undetermined: return .memory
        }
    }

    /// The environment's folders matching the search that the principal may `read`, in no particular order.
    func readableFolders(
        _ reach: FolderReach, batch: PartialBatch, matching search: FolderSearch, environmentID: String, in db: any StoreReader
    ) throws -> [Folder] {
        let candidates: [(folder: Folder, lineageIDs: [String])]
        switch reach {
        case .every(let allowed):
            return allowed ? try db.folders(environmentID: environmentID).filter(search.matches) : []
        case .within(let roots, exact: true):
            return try self.roots(roots, environmentID: environmentID, in: db)
                .flatMap { [$0] + (try db.folders(below: $0.path, environmentID: environmentID)) }.filter(search.matches)
        case .within(let roots, exact: false):
            candidates = try subtrees(of: roots, environmentID: environmentID, in: db).filter { search.matches($0.folder) }
        case .undetermined:
            candidates = try everyFolder(environmentID: environmentID, in: db).filter { search.matches($0.folder) }
        }
        return try candidates.filter { try batch.decide(Self.resource($0.folder, lineageIDs: $0.lineageIDs), with: decisions) }.map(\.folder)
    }

    /// The folders of the environment with these external ids (others name nothing here), leaving out any
    /// inside another one's subtree.
    func roots(_ ids: Set<String>, environmentID: String, in db: any StoreReader) throws -> [Folder] {
        let found = try ids.compactMap { try db.folder(externalID: $0, environmentID: environmentID) }
        let outermost = Set(FolderPath.outermost(found.map(\.path)))
        return found.filter { outermost.contains($0.path) }
    }

    /// The folders at or below the given ones, each once, with its lineage ids.
    func subtrees(of rootIDs: Set<String>, environmentID: String, in db: any StoreReader) throws -> [(folder: Folder, lineageIDs: [String])] {
        var out: [(folder: Folder, lineageIDs: [String])] = []
        for root in try roots(rootIDs, environmentID: environmentID, in: db) {
            var lineages = [root.externalID: try lineageIDs(of: root, in: db)]
            out.append((root, lineages[root.externalID] ?? [root.externalID]))
            // Shallowest first, so a folder's parent is always known before it.
            for folder in try db.folders(below: root.path, environmentID: environmentID) {
                let lineage = try folder.parentID.flatMap { lineages[$0] }.map { $0 + [folder.externalID] } ?? lineageIDs(of: folder, in: db)
                lineages[folder.externalID] = lineage
                out.append((folder, lineage))
            }
        }
        return out
    }

    /// Every folder of the environment with its lineage ids, from one read.
    func everyFolder(environmentID: String, in db: any StoreReader) throws -> [(folder: Folder, lineageIDs: [String])] {
        let all = try db.folders(environmentID: environmentID)
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.externalID, $0) })
        return all.map { folder in
            var lineage = [folder.externalID]
            var parent = folder.parentID
            while let id = parent, let p = byID[id], lineage.count <= FolderRules.maxDepth {
                lineage.insert(id, at: 0)
                parent = p.parentID
            }
            return (folder: folder, lineageIDs: lineage)
        }
    }
}
