import GatehouseCore
import Hummingbird
import NIOCore

/// Per-request state: the account the caller proved it holds a key for, set by `ProvisioningAuthMiddleware`.
public struct GatehouseRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated account; nil on routes that need no credentials.
    public var accountID: String?
    /// The provisioning key that authenticated the request.
    public var principalKey: String?
    /// That key's standing stamp as it was authenticated, for the request's enforcement.
    public var principalStamp: Int64?
    /// The store's write generation as the key was authenticated (`AuthenticatedKey.generation`).
    public var storeGeneration: Int64?

    /// The connection, for the client's address (read only by the routes that rate-limit).
    let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The client's IP address (`unknown` when the transport has none, as in in-process tests).
    public var clientAddress: String { channel.remoteAddress?.ipAddress ?? "unknown" }

    /// Cloudinary accepts bodies well under this; anything larger is refused before parsing.
    public var maxUploadSize: Int { 1 << 20 }

    /// The authenticated account, or a 401 if a route forgot its middleware.
    func requireAccount() throws -> String {
        guard let accountID else { throw APIError.unauthenticated }
        return accountID
    }

    /// The provisioning key making the request, as the caller the guard holds its writes to (401 if a
    /// route forgot its middleware).
    func caller() throws -> Caller {
        guard let principalKey else { throw APIError.unauthenticated }
        return .principal(Principal(type: .provisioningKey, id: principalKey))
    }

    /// A path parameter, percent-decoded.
    func path(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw APIError.badRequest("missing path parameter \(name)") }
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        return raw.removingPercentEncoding ?? raw
    }
}
