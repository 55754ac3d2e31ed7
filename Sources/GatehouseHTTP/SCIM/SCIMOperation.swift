import GatehouseCore
import HTTPTypes

/// What a `/scim/v2` route needs of the token, in Cedar terms, like `AccountOperation` for the account APIs.
/// Discovery (`ServiceProviderConfig`, `ResourceTypes`, `Schemas`) needs only a valid token; every other
/// route names the action and resource type its roles must permit. Unmapped routes are refused.
enum SCIMOperation: Equatable {
    case discovery
    case permit([Permit])

    struct Permit: Equatable {
        var action: String
        var resourceType: String
    }

    /// - Parameter endpoint: the matched route template, e.g. `/scim/v2/Users/{id}`.
    init?(method: HTTPRequest.Method, endpoint: String) {
        var parts = endpoint.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "scim", parts[1] == "v2" else { return nil }
        parts.removeFirst(2)
        let searching = parts.last == ".search" && method == .post
        let verb: String
        switch method {
        case .get, .head: verb = "read"
        case .post: verb = searching ? "read" : "create"
        case .put, .patch: verb = "update"
        case .delete: verb = "delete"
        default: return nil
        }
        switch parts[0] {
        case "ServiceProviderConfig", "ResourceTypes", "Schemas":
            guard verb == "read" else { return nil }
            self = .discovery
        case "Users": self = .permit([Permit(action: verb, resourceType: "Cloudinary::User")])
        case "Groups": self = .permit([Permit(action: verb, resourceType: "Cloudinary::Group")])
        case ".search":
            self = .permit([Permit(action: "read", resourceType: "Cloudinary::User"), Permit(action: "read", resourceType: "Cloudinary::Group")])
        default: return nil
        }
    }
}
