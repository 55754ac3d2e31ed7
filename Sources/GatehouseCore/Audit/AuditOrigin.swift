/// Where a request came from, for the audit events its writes record: the request id, the client's
/// address and user agent.
///
/// Carried as a task-local value rather than through every service call: the HTTP server sets it once per
/// request (`AuditOriginMiddleware`), and `GuardedStore.write` reads it before the transaction leaves the
/// request's task, so no service or door has to pass it along (and none can forget to). The CLI sets none.
public struct AuditOrigin: Sendable, Hashable {
    public var requestID: String?
    public var clientIP: String?
    public var userAgent: String?

    public init(requestID: String? = nil, clientIP: String? = nil, userAgent: String? = nil) {
        self.requestID = requestID
        self.clientIP = clientIP
        self.userAgent = userAgent
    }

    @TaskLocal public static var current: AuditOrigin?
}
