import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// A listing the store pages itself (`StoreReader.folderPage`, on SQLite and, with `GATEHOUSE_TEST_DATABASE_URL`, on
/// PostgreSQL): subtrees are whole by bytes (a sibling sharing the prefix stays out), nested roles count a folder
/// once, and every order and page agrees with the same listing sorted in memory (a search term keeps it there).
@Suite struct FolderListingStoreTests {
    @Test func pagesAndCountsAsTheListingInMemoryWould() async throws {
        let e = try await FolderServiceTests().setUp()
        let admin = try await e.key([(FolderServiceTests.master, nil)])
        for path in ["Creative/2026/Jan", "Creative/2026/Feb", "Creative-old/x", "Creative0", "Marketing/Q1", "Marketing/Q2"] {
            _ = try await e.folders.create(path: path, caller: admin)
        }
        let all = try await e.folders.search(Self.search(.path, ascending: true), caller: admin)
        let id = Dictionary(uniqueKeysWithValues: all.folders.map { ($0.path, $0.externalID) })
        let viewer = "cld::role::folder::viewer"
        let key = try await e.key([(viewer, id["Creative"]), (viewer, id["Creative/2026"]), (viewer, id["Marketing/Q2"]), (viewer, "elsewhere")])
        let seen = ["Creative", "Creative/2026", "Creative/2026/Feb", "Creative/2026/Jan", "Marketing/Q2"]

        for caller in [admin, key] {
            for sortBy in FolderSearch.SortField.allCases {
                for ascending in [true, false] {
                    // Every page of two, by the store, against the whole listing sorted in memory (`path:*` matches all).
                    var inMemory = try FolderSearch.parse("path:*")
                    inMemory.sortBy = sortBy
                    inMemory.ascending = ascending
                    inMemory.maxResults = 500
                    let expected = try await e.folders.search(inMemory, caller: caller)
                    var paged: [String] = []
                    var search = Self.search(sortBy, ascending: ascending)
                    search.maxResults = 2
                    while true {
                        let page = try await e.folders.search(search, caller: caller)
                        #expect(page.totalCount == expected.totalCount)
                        paged += page.folders.map(\.path)
                        guard let next = page.nextCursor, let offset = Int(next) else { break }
                        search.offset = offset
                    }
                    #expect(paged == expected.folders.map(\.path), "\(caller.apiKey) \(sortBy) \(ascending)")
                    if caller == key { #expect(Set(paged) == Set(seen)) }
                }
            }
        }
        let nobody = try await e.key()
        #expect(try await e.folders.search(FolderSearch(), caller: nobody).totalCount == 0)
    }

    static func search(_ sortBy: FolderSearch.SortField, ascending: Bool) -> FolderSearch {
        var search = FolderSearch()
        search.sortBy = sortBy
        search.ascending = ascending
        return search
    }
}
