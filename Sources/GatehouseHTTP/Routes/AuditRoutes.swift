import Foundation
import GatehouseCore
import Hummingbird

/// `GET /v2/accounts/{account_id}/audit/events`: Gatehouse's own extension, reading the audit log newest
/// first. Authorized like every account route (`AccountOperation` maps it to reading the catalog's
/// `gatehouse::global::audit_log::view` feature); errors in Cloudinary's shape.
struct AuditRoutes {
    let audit: AuditLog

    static let defaultPageSize = 100

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("events", use: events)
    }

    /// A page (`max_results`, `cursor`), or with `format` the whole filtered log streamed a page at a time
    /// (older than `cursor` when one is given; `max_results` is checked but does not cut an export short).
    @Sendable func events(_ request: Request, context: GatehouseRequestContext) async throws -> Response {
        let q = QueryParameters(request.uri.query)
        let filters = AuditFilterInput(
            actorID: q.string("actor_id"), targetID: q.string("target_id"), action: q.string("action"), outcome: q.string("outcome"),
            from: q.string("from"), to: q.string("to"))
        let limit = try q.int("max_results", in: 1...AuditLog.maxPage) ?? Self.defaultPageSize
        var query = try filters.query(accountID: try context.requireAccount(), limit: limit)
        if let cursor = q.string("cursor") { query.beforeSequence = try AuditCursor.sequence(cursor) }
        if let format = try q.enumValue("format", AuditExportFormat.self) {
            return AuditExportResponse.make(format, query: query, audit: audit)
        }
        let page = try await audit.page(query)
        let next = page.hasMore ? page.events.last.map(AuditCursor.make(after:)) : nil
        return try JSONResponse.make(EventsPage(data: page.events.map(\.jsonValue), next_cursor: next))
    }

    /// `{"data": [...], "next_cursor": "..."}`; `next_cursor` is left out on the last page.
    struct EventsPage: Encodable {
        var data: [JSONValue]
        var next_cursor: String?
    }
}
