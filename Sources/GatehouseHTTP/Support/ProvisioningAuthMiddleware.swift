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
        let provisioningKey: ProvisioningKey
        do {
            provisioningKey = try await accounts.authenticate(key: key, secret: secret)
        } catch GatehouseError.unauthenticated {
            throw APIError.unauthenticated
        }
        let requested = try context.path("account_id")
        guard requested == provisioningKey.accountID else {
            throw APIError.forbidden("These credentials do not give access to account \(requested)")
        }
        var context = context
        context.accountID = provisioningKey.accountID
        context.principalKey = provisioningKey.key
        return try await next(request, context)
    }

    /// Decodes `Basic base64(key:secret)`; the scheme name is case-insensitive.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
