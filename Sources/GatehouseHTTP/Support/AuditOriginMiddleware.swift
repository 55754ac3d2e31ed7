import Foundation
import GatehouseCore
import HTTPTypes
import Hummingbird

/// Gives every request an id and sets where it came from (`AuditOrigin`) for the audit events its writes
/// record. A client's own `X-Request-Id` is kept when it is a plain token, so a caller can find its
/// request in the log; the id is echoed on every answer, errors included. The same id goes on the request's
/// logger (`request_id`), so the access line and any error logged for the request name it.
struct AuditOriginMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!
    let ids = RequestIDs()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = Self.acceptable(request.headers[Self.requestIDHeader]) ?? ids.next()
        let origin = AuditOrigin(
            requestID: requestID, clientIP: context.channel.remoteAddress?.ipAddress,
            userAgent: request.headers[.userAgent].map { String($0.prefix(512)) })
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response = try await AuditOrigin.$current.withValue(origin) { [context] in try await next(request, context) }
        response.headers[Self.requestIDHeader] = requestID
        return response
    }

    /// 1–128 letters, digits, `.`, `_`, `-` or `:`; anything else is replaced by an id of ours.
    static func acceptable(_ id: String?) -> String? {
        guard let id, (1...128).contains(id.utf8.count),
              id.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber || "._-:".utf8.contains($0)) })
        else { return nil }
        return id
    }
}
