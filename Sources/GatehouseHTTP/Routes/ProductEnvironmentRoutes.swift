import GatehouseCore
import Hummingbird

extension ProvisioningRoutes {
    struct SubAccountsListBody: Encodable { var sub_accounts: [WireProductEnvironment] }

    func registerProductEnvironments(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("sub_accounts") { request, context in
            let q = QueryParameters(request.uri.query)
            var query = EnvironmentQuery(accountID: try context.requireAccount())
            query.ids = try FieldRules.filterValues(q.list("ids"), field: "ids")
            query.cloudNames = try FieldRules.filterValues(q.list("cloud_names"), field: "cloud_names")
            query.namePrefix = q.string("prefix")
            query.enabled = try q.bool("enabled")
            let envs = try await service.environments(query)
            return try JSONResponse.make(SubAccountsListBody(sub_accounts: envs.map { WireProductEnvironment($0.0, keys: $0.1) }))
        }
        group.post("sub_accounts") { request, context in
            let body = try await WireBody.read(request, context: context)
            let new = NewEnvironment(
                name: try body.requiredString("name"), cloudName: try body.string("cloud_name"),
                description: try body.string("description"), baseSubAccountID: try body.string("base_sub_account_id"),
                customAttributes: try body.object("custom_attributes"), enabled: try body.bool("enabled"))
            let (env, keys) = try await service.acting(as: try context.caller()).createEnvironment(new, accountID: try context.requireAccount())
            return try JSONResponse.make(WireProductEnvironment(env, keys: keys))
        }
        group.get("sub_accounts/:sub_account_id") { _, context in
            let (env, keys) = try await service.environment(id: try context.path("sub_account_id"), accountID: try context.requireAccount())
            return try JSONResponse.make(WireProductEnvironment(env, keys: keys))
        }
        group.put("sub_accounts/:sub_account_id") { request, context in
            let body = try await WireBody.read(request, context: context)
            let changes = EnvironmentChanges(
                name: try body.string("name"), cloudName: try body.string("cloud_name"),
                description: try body.string("description"), customAttributes: try body.object("custom_attributes"),
                enabled: try body.bool("enabled"))
            let (env, keys) = try await service.acting(as: try context.caller()).updateEnvironment(
                id: try context.path("sub_account_id"), accountID: try context.requireAccount(), changes: changes)
            return try JSONResponse.make(WireProductEnvironment(env, keys: keys))
        }
        group.delete("sub_accounts/:sub_account_id") { _, context in
            try await service.acting(as: try context.caller()).deleteEnvironment(id: try context.path("sub_account_id"), accountID: try context.requireAccount())
            return try JSONResponse.ok()
        }
    }
}
