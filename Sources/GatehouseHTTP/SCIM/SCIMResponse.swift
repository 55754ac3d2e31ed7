import Foundation
import GatehouseCore
import GatehouseSCIM
import Hummingbird

/// SCIM answers: `application/scim+json`, with the ETag and Location of single resources.
enum SCIMResponse {
    static let contentType = "application/scim+json; charset=utf-8"

    static func make(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, withETag: Bool = false, etagOf source: JSONValue? = nil, location: Bool = false
    ) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: contentType]
        if withETag, let etag = SCIMMeta.etag(of: source ?? value) { headers[.eTag] = etag.description }
        if location, let url = value.scimMember("meta")?.scimMember("location")?.stringValue { headers[.location] = url }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The request's JSON body (SCIM or plain JSON media type alike); anything else is `invalidSyntax`.
    static func body(_ request: Request, context: GatehouseRequestContext) async throws -> JSONValue {
        let bytes = try await WireBody.collect(request, context: context).readableBytesView
        do {
            return try JSONValue(parsing: Array(bytes))
        } catch {
            throw SCIMError.invalidSyntax("The request body is not valid JSON")
        }
    }

    /// Any error as SCIM's error body (RFC 7644 §3.12), with the status the error carries. The discovery
    /// endpoints exist for reading only: another method on them is a 405, not an unknown route.
    static func error(_ error: any Error, request: Request) -> Response {
        var scim = scimError(error)
        let parts = request.uri.path.split(separator: "/")
        if scim.status == 404, ![.get, .head].contains(request.method), parts.count >= 3,
           ["ServiceProviderConfig", "ResourceTypes", "Schemas"].contains(parts[2])
        {
            scim = SCIMError(status: 405, scimType: nil, detail: "\(parts[2]) is read-only: only GET is allowed")
        }
        return make(scim.json, status: HTTPResponse.Status(code: scim.status))
    }

    static func scimError(_ error: any Error) -> SCIMError {
        switch error {
        case let error as SCIMError: return error
        case GatehouseError.conflict(let message): return .uniqueness(message)
        case GatehouseError.invalidField(let field, let reason): return .invalidValue("\(field) \(reason)")
        case GatehouseError.seatLimitReached(let limit):
            return SCIMError(
                status: 403, scimType: nil,
                detail: "The account has no free seat: it allows \(limit) users. Delete a user or raise the limit; nothing was written.")
        case APIError.unauthenticated:
            return SCIMError(status: 401, scimType: nil, detail: "A valid SCIM token is required: 'Authorization: Bearer TOKEN'")
        default:
            let (status, message, _) = CloudinaryErrorMiddleware<GatehouseRequestContext>.describe(error)
            return SCIMError(status: Int(status.code), scimType: nil, detail: message)
        }
    }
}
