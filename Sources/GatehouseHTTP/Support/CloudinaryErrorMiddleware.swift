import Foundation
import GatehouseCore
import Hummingbird
import Logging

/// Turns every error, including unknown routes and framework errors, into Cloudinary's JSON error shape,
/// so no client ever sees an HTML or empty error body. Permissions paths (`/v2/`) get the richer
/// permissions envelope.
struct CloudinaryErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let scim = request.uri.path.hasPrefix("/scim/") ? SCIMResponse.error(error, request: request) : nil
            let (status, message, fields) = Self.describe(error)
            if (scim?.status ?? status) == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            if let scim { return scim }
            var response = request.uri.path.hasPrefix("/v2/")
                ? try JSONResponse.make(PermissionsErrorBody(status: status, message: message, fields: fields), status: status)
                : try JSONResponse.make(ProvisioningErrorBody(error: .init(message: message)), status: status)
            if let seconds = Self.retryAfter(error) { response.headers[.retryAfter] = String(seconds) }
            return response
        }
    }

    /// Seconds a refused client should wait, for the `Retry-After` header of a 429.
    static func retryAfter(_ error: any Error) -> Int? {
        switch error {
        case APIError.tooManyRequests(_, let seconds): seconds
        case StatementRefusal.busy: 1
        default: nil
        }
    }

    static func describe(_ error: any Error) -> (HTTPResponse.Status, String, [JSONValue]) {
        switch error {
        case let error as InvalidStatement:
            let cedarErrors = JSONValue.array(error.problems.map { .object(["cedar_message": .string($0.located), "cedar_code": .string($0.code)]) })
            let message = "Invalid policy statement: " + error.problems.map(\.located).joined(separator: "; ")
            return (.badRequest, message, [.object(["policy_statement": .string(error.statement)]), .object(["cedar_errors": cedarErrors])])
        case let error as GatehouseError:
            if case .corruptData = error { return (.internalServerError, "Something went wrong", []) }
            if case .unavailable = error { return (.serviceUnavailable, "Service unavailable, try again later", []) }
            if case .invalidField(let field, _) = error { return (error.status, error.description, [.string(field)]) }
            return (error.status, error.description, [])
        case let error as APIError:
            return (error.status, error.message, [])
        case let error as StatementRefusal:
            return (error.status, error.description, [.string("policy_statement")])
        case let error as HTTPError:
            let message = error.body ?? (error.status == .notFound ? "Not found" : error.status.reasonPhrase)
            return (error.status, message, [])
        default:
            return (.internalServerError, "Something went wrong", [])
        }
    }
}

struct ProvisioningErrorBody: Encodable {
    struct Inner: Encodable { var message: String }
    var error: Inner
}

/// `{"error":{"category","code","message","details":{"fields":[…]}}}` with Cloudinary's ACCOUNTS_000NN codes.
struct PermissionsErrorBody: Encodable {
    struct Details: Encodable { var fields: [JSONValue] }
    struct Inner: Encodable {
        var category: String
        var code: String
        var message: String
        var details: Details
    }
    var error: Inner

    init(status: HTTPResponse.Status, message: String, fields: [JSONValue]) {
        let code: String
        let invalidCedar = fields.contains { $0.objectValue?["cedar_errors"] != nil }
        switch status.code {
        case 400 where invalidCedar: code = "ACCOUNTS_00002"
        case 400: code = "ACCOUNTS_00005"
        case 401, 403, 409: code = "ACCOUNTS_00006"
        case 404: code = "ACCOUNTS_00003"
        default: code = "ACCOUNTS_00001"
        }
        error = Inner(
            category: status.code >= 500 ? "server_error" : "user_error", code: code, message: message,
            details: Details(fields: fields))
    }
}
