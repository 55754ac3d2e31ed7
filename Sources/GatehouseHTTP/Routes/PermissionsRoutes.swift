import Foundation
import GatehouseCore
import Hummingbird

/// The Permissions API (`/v2/accounts/{account_id}/permissions/…`); resource handlers live in extensions.
struct PermissionsRoutes {
    let service: PermissionsService

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        registerRoles(on: group)
        registerAssignments(on: group)
        registerPolicies(on: group)
    }

    /// 204 with no body, as role and custom-policy deletes answer.
    static func noContent() -> Response { Response(status: .noContent) }

    /// 200 `{"message":"ok"}`: the assignment PUTs must answer 200 (204 breaks the SDK).
    struct Message: Encodable { var message = "ok" }

    static func required<T: RawRepresentable & CaseIterable>(_ q: QueryParameters, _ key: String, _ type: T.Type) throws -> T
    where T.RawValue == String {
        guard let value = try q.enumValue(key, type) else {
            throw GatehouseError.invalidField(field: key, reason: "is required (\(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }

    /// A content instance named by `folder_id` / `collection_id` query parameters or `param_key`/`param_value` pairs.
    static func instance(_ q: QueryParameters) throws -> ContentInstance? {
        if let folder = q.string("folder_id") { return ContentInstance(kind: .folderID, id: folder) }
        if let collection = q.string("collection_id") { return ContentInstance(kind: .collectionID, id: collection) }
        let keys = q.list("param_key")
        let values = q.list("param_value")
        guard keys.count == values.count else {
            throw GatehouseError.invalidField(field: "param_key", reason: "needs one param_value per param_key")
        }
        for (key, value) in zip(keys, values) {
            guard let kind = PolicyParameterKind(rawValue: key) else {
                throw GatehouseError.invalidField(field: "param_key", reason: "must be folder_id or collection_id, got \(key)")
            }
            return ContentInstance(kind: kind, id: value)
        }
        return nil
    }

    static func filter(_ q: QueryParameters) throws -> ScopeFilter {
        ScopeFilter(scopeType: try q.enumValue("scope_type", ScopeType.self), scopeID: q.string("scope_id"), instance: try instance(q))
    }

    /// Policy parameters object of a request body (`{"folder_id": "…"}`); the new SDK always sends `{}`.
    static func parameters(_ value: JSONValue?, field: String) throws -> [String: String] {
        guard let value, value != .null else { return [:] }
        guard case .object(let object) = value else { throw GatehouseError.invalidField(field: field, reason: "must be an object") }
        var result: [String: String] = [:]
        for (key, v) in object {
            guard case .string(let s) = v else { throw GatehouseError.invalidField(field: field, reason: "\(key) must be a string") }
            result[key] = s
        }
        return result
    }
}
