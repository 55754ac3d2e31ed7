import Foundation
import GatehouseCore
import Hummingbird

/// The Admin API's folder subset for one product environment (`/v1_1/{cloud_name}/…`), authenticated with
/// an API key and secret of that environment and decided for that key by the Cedar engine (in
/// `FolderService`). Folder paths may contain `/`, so the folder routes end in a recursive wildcard and
/// read the path from the raw URI.
struct FolderRoutes {
    let service: FolderService

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("folders") { request, context in
            let caller = try await authenticate(request, context)
            return try JSONResponse.make(try Self.page(try await service.rootFolders(caller: caller), request))
        }
        group.get("folders/search") { request, context in
            let caller = try await authenticate(request, context)
            let q = QueryParameters(request.uri.query)
            var search = try FolderSearch.parse(q.string("expression"))
            try Self.apply(sortBy: q.string("sort_by").map { try Self.parseSortParameter($0) }, maxResults: q.int("max_results", in: 1...FolderSearch.maxResultsLimit),
                           cursor: q.string("next_cursor"), to: &search)
            return try await Self.searchResponse(search, caller: caller, service: service)
        }
        group.post("folders/search") { request, context in
            let caller = try await authenticate(request, context)
            let search = try Self.search(try await WireBody.read(request, context: context))
            return try await Self.searchResponse(search, caller: caller, service: service)
        }
        group.get("folders/**") { request, context in
            let caller = try await authenticate(request, context)
            return try JSONResponse.make(try Self.page(try await service.subfolders(of: try Self.folderPath(request), caller: caller), request))
        }
        group.post("folders/**") { request, context in
            let caller = try await authenticate(request, context)
            let folder = try await service.create(path: try Self.folderPath(request), caller: caller)
            return try JSONResponse.make(WireCreatedFolder(name: folder.name, path: folder.path, external_id: folder.externalID))
        }
        group.put("folders/**") { request, context in
            let caller = try await authenticate(request, context)
            let body = try await WireBody.read(request, context: context)
            let to = try QueryParameters(request.uri.query).string("to_folder") ?? body.requiredString("to_folder")
            let moved = try await service.rename(from: try Self.folderPath(request), to: to, caller: caller)
            return try JSONResponse.make(WireFolderMove(
                from: .init(name: moved.from.name, path: moved.from.path), to: .init(name: moved.to.name, path: moved.to.path)))
        }
        group.delete("folders/**") { request, context in
            let caller = try await authenticate(request, context)
            let deleted = try await service.delete(path: try Self.folderPath(request), caller: caller)
            return try JSONResponse.make(WireDeletedFolders(deleted: deleted, next_cursor: nil))
        }
        group.get("folder_operations/invite/:folder_id") { request, context in
            let caller = try await authenticate(request, context)
            let include = try ContentRoleChangeBody.includePermitted(QueryParameters(request.uri.query))
            let roles = try await service.roles(onFolder: try context.path("folder_id"), caller: caller, includePermitted: include)
            return try JSONResponse.make(WireContentRoles(roles, instanceKey: "folder_id"))
        }
        group.post("folder_operations/invite/:folder_id") { request, context in
            let caller = try await authenticate(request, context)
            let change = try ContentRoleChangeBody.parse(try await WireBody.read(request, context: context))
            try await service.changeRoles(onFolder: try context.path("folder_id"), change, caller: caller)
            return try JSONResponse.make(["success": true])
        }
    }

    /// Longest listing Cloudinary returns for root folders and subfolders.
    static let listingLimit = 2000

    /// One page of a folder listing: `max_results` (1–2000, default all up to 2000) from the offset in
    /// `next_cursor`; `total_count` counts every folder listed, `next_cursor` is null on the last page.
    static func page(_ folders: [Folder], _ request: Request) throws -> WireListPage<WireFolder> {
        WireListPage("folders", try OffsetPage(folders, request, limit: listingLimit)) { WireFolder($0) }
    }

    /// Basic auth with an API key/secret of the environment named by the path's cloud name.
    func authenticate(_ request: Request, _ context: GatehouseRequestContext) async throws -> EnvironmentCaller {
        try await EnvironmentKeyAuth.caller(request, context, store: service.store)
    }

    /// The folder path after `/v1_1/{cloud_name}/folders/`, percent-decoded, empty segments kept so the
    /// folder rules can refuse them.
    static func folderPath(_ request: Request) throws -> String {
        let segments = request.uri.path.split(separator: "/", omittingEmptySubsequences: false)
        // "", "v1_1", cloud name, "folders", path…
        guard segments.count > 4 else { throw GatehouseError.invalidField(field: "folder", reason: "must not be empty") }
        let raw = segments.dropFirst(4).joined(separator: "/")
        guard let decoded = raw.removingPercentEncoding else {
            throw GatehouseError.invalidField(field: "folder", reason: "is not valid percent-encoded UTF-8")
        }
        return decoded
    }

    static let sortShapes = "must be name, name:desc, -name or a list like [{\"name\": \"asc\"}]"

    /// `sort_by` from a query string: `name`, `name:desc`, `-name` or a JSON `[{"name":"asc"}]`. Anything
    /// else, an empty field included (`:`, `-`), is a 400.
    static func parseSortParameter(_ raw: String) throws -> (String, String) {
        if raw.hasPrefix("[") {
            guard let value = try? JSONValue(parsing: Array(raw.utf8)) else {
                throw GatehouseError.invalidField(field: "sort_by", reason: sortShapes)
            }
            guard let sort = try sortParameter(value) else { throw GatehouseError.invalidField(field: "sort_by", reason: sortShapes) }
            return sort
        }
        let field: Substring, direction: Substring
        if raw.hasPrefix("-") {
            (field, direction) = (raw.dropFirst(), "desc")
        } else if let colon = raw.firstIndex(of: ":") {
            (field, direction) = (raw[..<colon], raw[raw.index(after: colon)...])
        } else {
            (field, direction) = (raw[...], "asc")
        }
        guard !field.isEmpty, !direction.isEmpty else { throw GatehouseError.invalidField(field: "sort_by", reason: sortShapes) }
        return (String(field), String(direction))
    }

    /// `sort_by` from a JSON body: a list whose first item is a one-key object `{"name": "asc"}`, or a string
    /// as in the query. Nil when absent or an empty list.
    static func sortParameter(_ value: JSONValue?) throws -> (String, String)? {
        switch value {
        case nil, .null?: return nil
        case .string(let raw)?: return try parseSortParameter(raw)
        case .array(let items)?:
            guard let first = items.first else { return nil }
            guard case .object(let pair) = first, pair.count == 1, let (field, direction) = pair.first, case .string(let d) = direction
            else { throw GatehouseError.invalidField(field: "sort_by", reason: sortShapes) }
            return (field, d)
        default: throw GatehouseError.invalidField(field: "sort_by", reason: sortShapes)
        }
    }

    static func apply(sortBy: (String, String)?, maxResults: Int?, cursor: String?, to search: inout FolderSearch) throws {
        if let (field, direction) = sortBy {
            guard let f = FolderSearch.SortField(rawValue: field) else {
                throw GatehouseError.invalidField(field: "sort_by", reason: "must sort by name, path or created_at, got \(field)")
            }
            guard ["asc", "desc"].contains(direction.lowercased()) else {
                throw GatehouseError.invalidField(field: "sort_by", reason: "direction must be asc or desc, got \(direction)")
            }
            search.sortBy = f
            search.ascending = direction.lowercased() == "asc"
        }
        if let maxResults { search.maxResults = maxResults }
        if let cursor {
            guard let offset = Int(cursor), offset >= 0 else { throw GatehouseError.invalidField(field: "next_cursor", reason: "is not a cursor from a previous page") }
            search.offset = offset
        }
    }

    /// A search from a JSON body: `expression`, `sort_by`, `max_results`, `next_cursor`.
    static func search(_ body: WireBody) throws -> FolderSearch {
        var search = try FolderSearch.parse(body.string("expression"))
        let sort = try sortParameter(body.fields["sort_by"])
        var max: Int?
        switch body.fields["max_results"] {
        case nil, .null?: max = nil
        case .integer(let n)? where (1...Int64(FolderSearch.maxResultsLimit)).contains(n): max = Int(n)
        default: throw GatehouseError.invalidField(field: "max_results", reason: "must be an integer between 1 and \(FolderSearch.maxResultsLimit)")
        }
        try apply(sortBy: sort, maxResults: max, cursor: try body.string("next_cursor"), to: &search)
        return search
    }

    static func searchResponse(_ search: FolderSearch, caller: EnvironmentCaller, service: FolderService) async throws -> Response {
        let started = Date()
        return try searchResponse(try await service.search(search, caller: caller), since: started)
    }

    /// Cloudinary's search answer; `time` is the milliseconds since `started`.
    static func searchResponse(_ result: FolderSearchResult, since started: Date) throws -> Response {
        let answer = WireFolderSearch(
            total_count: result.totalCount, time: Int(Date().timeIntervalSince(started) * 1000), next_cursor: result.nextCursor,
            folders: result.folders.map { WireFolder($0, withCreatedAt: true) })
        return JSONResponse.written { answer.write(to: &$0) }
    }
}
