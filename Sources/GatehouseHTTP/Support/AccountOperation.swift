import GatehouseCore
import HTTPTypes

/// What an account-API route does, in Cedar terms: the action and the resource type the caller's roles must
/// permit. Derived from the matched route so that every route is covered without per-route code.
struct AccountOperation: Equatable {
    var action: String
    var resourceType: String
    var resourceID: String

    /// - Parameter endpoint: the matched route template, e.g. `/v1_1/provisioning/accounts/{account_id}/users/{user_id}`
    ///   or `/v2/accounts/{account_id}/audit/events`.
    init?(method: HTTPRequest.Method, endpoint: String) {
        var parts = endpoint.split(separator: "/").map(String.init)
        guard let account = parts.firstIndex(of: "{account_id}") else { return nil }
        parts = Array(parts[(account + 1)...])
        if parts.first == "permissions" { parts.removeFirst() }
        guard let head = parts.first else { return nil }
        var verb: String
        switch method {
        case .get, .head: verb = "read"
        case .post: verb = "create"
        case .put, .patch: verb = "update"
        case .delete: verb = "delete"
        default: return nil
        }
        switch head {
        case "users":
            resourceType = "Cloudinary::User"
        case "user_groups":
            resourceType = "Cloudinary::Group"
            // Membership changes modify the group.
            if parts.contains("users") && verb != "read" { verb = "update" }
        case "sub_accounts":
            resourceType = "Cloudinary::ProductEnvironment"
            // An environment's keys are part of the environment.
            if parts.contains("access_keys") && verb != "read" { verb = "update" }
        case "billing_usage":
            resourceType = "Cloudinary::Feature"
            resourceID = "cld::global::billing::view"
            action = verb
            return
        case "audit":
            // Gatehouse's own extension, read only: its own feature, held through the catalog's
            // `gatehouse::policy::global::audit_log::view` (Master Admin and Admin).
            guard verb == "read" else { return nil }
            resourceType = "Cloudinary::Feature"
            resourceID = AuditLog.readFeatureID
            action = verb
            return
        case "roles", "principal_roles", "policies", "check", "readable_folders":
            resourceType = "Cloudinary::Role"
            // Asking what someone may do reads roles, whatever the method.
            if parts.contains("inspect") || head == "check" || head == "readable_folders" { verb = "read" }
            if head == "principal_roles" || parts.contains("principals") { verb = verb == "read" ? "read" : "update" }
        default:
            return nil
        }
        action = verb
        resourceID = "*"
    }
}
