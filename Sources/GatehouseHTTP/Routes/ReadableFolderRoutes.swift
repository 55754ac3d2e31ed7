import Foundation
import GatehouseCore
import Hummingbird

/// `POST /v2/accounts/{account_id}/permissions/readable_folders`: the folders of one product environment a
/// principal (user, group or API key) may `read` — the "list objects" question beside `permissions/check`.
/// The body is `{"principal": {"type", "id"}, "scope_id": "<environment>"}` plus the Admin API search's
/// `expression`, `sort_by`, `max_results` (default 50, at most 500) and `next_cursor`; the answer is the Admin
/// API search's, so a key sees here exactly what its own `folders/search` shows it. Not part of Cloudinary's API.
struct ReadableFolderRoutes {
    let folders: FolderService

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.post("readable_folders") { request, context in
            let accountID = try context.requireAccount()
            let body = try await WireBody.read(request, context: context)
            let principal = try CheckRoutes.principal(body)
            let environmentID = try body.requiredString("scope_id")
            let search = try FolderRoutes.search(body)
            let started = Date()
            let result = try await folders.search(search, visibleTo: principal, environmentID: environmentID, accountID: accountID)
            return try FolderRoutes.searchResponse(result, since: started)
        }
    }
}
