import Foundation
import GatehouseCore
import Hummingbird

/// Basic auth with a provisioning key/secret on every account route. A valid key used on another account's
/// path gets 403 (typed by the SDKs on every write) and never that account's data.
struct ProvisioningAuthMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext
    let accounts: AccountService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let (key, secret) = Self.basicCredentials(request.headers[.authorization]) else {
            throw APIError.unauthenticated
        }
        let authenticated: AuthenticatedKey
        do {
            authenticated = try await accounts.authenticate(key: key, secret: secret)
        } catch GatehouseError.unauthenticated {
            throw APIError.unauthenticated
        }
        let requested = try context.path("account_id")
        guard requested == authenticated.key.accountID else {
            throw APIError.forbidden("These credentials do not give access to account \(requested)")
        }
        var context = context
        context.accountID = authenticated.key.accountID
        context.principalKey = authenticated.key.key
        context.principalStamp = authenticated.stamp
        context.storeGeneration = authenticated.generation
        return try await next(request, context)
    }

    /// Decodes `Basic base64(key:secret)`; the scheme name is case-insensitive.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, let space = header.utf8.firstIndex(of: UInt8(ascii: " ")),
              header.utf8[..<space].elementsEqual("basic".utf8, by: { $0 | 0x20 == $1 })
        else { return nil }
        // Byte by byte: Foundation's trimming and case folding cost more than the rest of the request's auth.
        let encoded = header.utf8[header.utf8.index(after: space)...].drop(while: { $0 == 0x20 || $0 == 0x09 })
        let trimmed = encoded.reversed().drop(while: { $0 == 0x20 || $0 == 0x09 }).count
        guard let data = Data(base64Encoded: String(decoding: encoded.prefix(trimmed), as: UTF8.self)),
              let decoded = String(validating: data, as: UTF8.self),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
