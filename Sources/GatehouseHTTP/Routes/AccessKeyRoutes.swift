import GatehouseCore
import Hummingbird

extension ProvisioningRoutes {
    struct AccessKeysBody: Encodable {
        var access_keys: [WireAccessKey]
        var total: Int
    }

    func registerAccessKeys(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("sub_accounts/:sub_account_id/access_keys") { request, context in
            let q = QueryParameters(request.uri.query)
            var query = AccessKeyQuery(subAccountID: try context.path("sub_account_id"))
            query.sortBy = try q.enumValue("sort_by", AccessKeyQuery.SortField.self) ?? .createdAt
            query.ascending = (try q.enumValue("sort_order", UserQuery.SortOrder.self) ?? .asc) == .asc
            query.page = try q.int("page", in: 1...100) ?? 1
            query.pageSize = try q.int("page_size", in: 1...10_000)
            let result = try await service.accessKeys(query, accountID: try context.requireAccount())
            return try JSONResponse.make(AccessKeysBody(access_keys: result.keys.map(WireAccessKey.init), total: result.total))
        }
        group.post("sub_accounts/:sub_account_id/access_keys") { request, context in
            let body = try await WireBody.read(request, context: context)
            let key = try await service.acting(as: try context.caller()).generateAccessKey(
                subAccountID: try context.path("sub_account_id"), accountID: try context.requireAccount(),
                name: try body.string("name"), enabled: try body.bool("enabled"))
            return try JSONResponse.make(WireAccessKey(key))
        }
        group.put("sub_accounts/:sub_account_id/access_keys/:key") { request, context in
            let body = try await WireBody.read(request, context: context)
            let dedicated: Bool?
            switch try body.string("dedicated_for") {
            case nil: dedicated = nil
            case "webhooks"?: dedicated = true
            case ""?: dedicated = false
            case let other?:
                throw GatehouseError.invalidField(field: "dedicated_for", reason: "must be webhooks, got \(other)")
            }
            let key = try await service.acting(as: try context.caller()).updateAccessKey(
                try context.path("key"), subAccountID: try context.path("sub_account_id"),
                accountID: try context.requireAccount(),
                changes: AccessKeyChanges(name: try body.string("name"), enabled: try body.bool("enabled"), dedicatedForWebhooks: dedicated))
            return try JSONResponse.make(WireAccessKey(key))
        }
        group.delete("sub_accounts/:sub_account_id/access_keys/:key") { request, context in
            try await service.acting(as: try context.caller()).deleteAccessKey(
                try context.path("key"), subAccountID: try context.path("sub_account_id"), accountID: try context.requireAccount())
            return try JSONResponse.ok()
        }
        // Delete by name: `?name=` from the new SDK, `{"name": …}` in the body from the legacy one.
        group.delete("sub_accounts/:sub_account_id/access_keys") { request, context in
            let body = try await WireBody.read(request, context: context)
            guard let name = try QueryParameters(request.uri.query).string("name") ?? body.string("name") else {
                throw GatehouseError.invalidField(field: "name", reason: "is required to delete an access key by name")
            }
            try await service.acting(as: try context.caller()).deleteAccessKey(
                named: name, subAccountID: try context.path("sub_account_id"), accountID: try context.requireAccount())
            return try JSONResponse.ok()
        }
    }
}
