/// Every way a Gatehouse operation can refuse a request. Each case carries what a caller needs to fix the
/// request; the HTTP layer maps cases to statuses and Cloudinary's error envelopes.
public enum GatehouseError: Error, Sendable, Equatable {
    /// A request field is missing, malformed or out of range. `field` is the wire name.
    case invalidField(field: String, reason: String)
    /// The thing named does not exist in this account (or, for users, is not visible there).
    case notFound(kind: ResourceKind, id: String)
    /// The request would break a uniqueness rule.
    case conflict(String)
    /// The account has no free seat for another user.
    case seatLimitReached(limit: Int)
    /// The operation is not allowed on this object in its current state.
    case notAllowed(String)
    /// Missing or wrong credentials.
    case unauthenticated
    /// Too many attempts, or too much load, for now: try again later (429).
    case tooManyAttempts(String)
    /// A stored value does not parse: the store was damaged or written by something else. Never guessed
    /// around; the message is for the log, not for the client.
    case corruptData(String)
    /// The store cannot be reached now (its database went away, or every connection stayed busy): try
    /// again later (503). The message is for the log, not for the client.
    case unavailable(String)
}

/// What a `GatehouseError.notFound` refers to, so messages read like Cloudinary's.
public enum ResourceKind: String, Sendable, Equatable {
    case account
    case user
    case userGroup = "user group"
    case subAccount = "sub account"
    case accessKey = "access key"
    case provisioningKey = "provisioning key"
    case scimToken = "SCIM token"
    case role
    case policy
    case folder
    case collection
}

extension GatehouseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidField(let field, let reason): return "\(field) \(reason)"
        case .notFound(.folder, let id): return "Can't find folder \(id)"
        case .notFound(.collection, let id): return "Can't find collection \(id)"
        case .notFound(let kind, let id): return "Cannot find \(kind.rawValue) with id \(id)"
        case .conflict(let message): return message
        case .seatLimitReached(let limit):
            return "User limit reached: the account allows \(limit) users (plan limit plus additional user subscriptions)"
        case .notAllowed(let message): return message
        case .unauthenticated: return "Invalid credentials"
        case .tooManyAttempts(let message): return message
        case .corruptData(let what): return "Stored data does not parse: \(what)"
        case .unavailable(let why): return "The store is unavailable: \(why)"
        }
    }
}
