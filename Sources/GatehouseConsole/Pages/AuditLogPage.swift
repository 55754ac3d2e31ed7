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
            let filters = AuditLogFilters(request, accountID: visitor.accountID, pageSize: Self.pageSize + 1)
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
            // One more than a page is read, so **Older events** appears only when there are older events.
            let found = try await console.services.audit.events(filters.query)
            let events = found.prefix(Self.pageSize)
            values["rows"] = events.map { AuditEventView(event: $0).row }
            values["hasRows"] = !events.isEmpty
            values["paged"] = filters.query.beforeSequence != nil
            if found.count > Self.pageSize, let oldest = events.last { values["older"] = filters.link(before: oldest.sequence) }
            if filters.query.beforeSequence != nil { values["newest"] = filters.link(before: nil) }
            return console.page("audit", values, visitor: visitor, request: request)
        }
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.auditLogView]) { visitor in
            let id = context.parameters.get("event_id") ?? ""
            let hint = request.uri.queryParameters["sequence"].flatMap { Int64(String($0)) }
            guard let event = try await find(id, near: hint, accountID: visitor.accountID) else {
                let values = ["heading": "No such event", "error": "This account's audit log has no event with that id.", "back": "/console/audit"]
                return console.page("message", status: .notFound, values, visitor: visitor, request: request)
            }
            return console.page("audit-event", AuditEventView(event: event).detail, visitor: visitor, request: request)
        }
    }

    /// The account's event with this id. The log is read by its filters only (no lookup by id was added to
    /// the store for one page): the table's link names the event's sequence, so one read of one event finds
    /// it; without that (a link typed or shared without it) the account's events are walked a page at a time.
    /// Every read is filtered by the account, so another account's event is never found.
    private func find(_ id: String, near sequence: Int64?, accountID: String) async throws -> AuditEvent? {
        guard !id.isEmpty, id.count <= AuditLogFilters.maxIDLength else { return nil }
        let audit = console.services.audit
        if let sequence, sequence > 0, sequence < Int64.max {
            let query = AuditQuery(accountID: accountID, beforeSequence: sequence + 1, limit: 1)
            if let event = try await audit.events(query).first, event.id == id { return event }
        }
        var query = AuditQuery(accountID: accountID, limit: AuditLog.maxPage)
        while true {
            let events = try await audit.events(query)
            if let event = events.first(where: { $0.id == id }) { return event }
            guard events.count == AuditLog.maxPage, let oldest = events.last else { return nil }
            query.beforeSequence = oldest.sequence
        }
    }
}
