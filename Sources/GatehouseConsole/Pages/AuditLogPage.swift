import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/audit` (Audit log): the account's recorded changes, newest first, filtered by a GET form and
/// paged by the log's own cursor (the oldest sequence shown); `/console/audit/{event_id}` shows one event with
/// its actor, origin, hash and a before/after table. Only read: the log is written by the guard alone.
struct AuditLogPage: Sendable {
    let console: Console
    static let pageSize = 50

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("audit", use: list)
        group.get("audit/{event_id}", use: show)
    }

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.auditLogView]) { visitor in
            let filters = AuditLogFilters(request, accountID: visitor.accountID, pageSize: Self.pageSize)
            var values: [String: Any] = [
                "actor": filters.actor, "target": filters.target, "action": filters.action, "from": filters.from, "to": filters.to,
                "outcomes": AuditLogFilters.outcomes.map { ["value": $0.value, "label": $0.label, "selected": $0.value == filters.outcome] },
                "filtered": filters.isFiltered, "suggestedActions": AuditLogFilters.suggestedActions,
            ]
            guard filters.problems.isEmpty else {
                values["errors"] = filters.problems
                values["error"] = filters.problems["before"] ?? "The filters have a mistake, so no events were looked up: see below."
                return console.page("audit", status: .badRequest, values, visitor: visitor, request: request)
            }
            let page = try await console.services.audit.page(filters.query)
            values["rows"] = page.events.map { AuditEventView(event: $0).row }
            values["hasRows"] = !page.events.isEmpty
            values["paged"] = filters.query.beforeSequence != nil
            if page.hasMore, let oldest = page.events.last { values["older"] = filters.link(before: oldest.sequence) }
            if filters.query.beforeSequence != nil { values["newest"] = filters.link(before: nil) }
            return console.page("audit", values, visitor: visitor, request: request)
        }
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.auditLogView]) { visitor in
            let id = context.parameters.get("event_id") ?? ""
            guard id.count <= AuditLogFilters.maxIDLength, let event = try await console.services.audit.event(id: id, accountID: visitor.accountID)
            else {
                let values = ["heading": "No such event", "error": "This account's audit log has no event with that id.", "back": "/console/audit"]
                return console.page("message", status: .notFound, values, visitor: visitor, request: request)
            }
            return console.page("audit-event", AuditEventView(event: event).detail, visitor: visitor, request: request)
        }
    }
}
