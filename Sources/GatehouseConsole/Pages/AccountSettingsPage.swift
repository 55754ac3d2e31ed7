import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/account` (Account settings): seats used against the limit (the plan's users plus additional user
/// subscriptions) and each product environment's users and keys. The limit is changed on the Users page's
/// **Change user limit** form (Master Admin), which this page links to rather than repeating.
struct AccountSettingsPage: Sendable {
    let console: Console

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("account", use: show)
    }

    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request) { visitor in
            guard visitor.access.allowsAny(.accountView, .billingView) else { return console.denied(visitor) }
            let usage = try await visitor.provisioning.usage(accountID: visitor.accountID)
            let account = usage.account
            let values: [String: Any] = [
                "accountName": account.name, "seatsUsed": usage.seatsUsed, "seatLimit": usage.seatLimit,
                "seatsLeft": max(0, usage.seatLimit - usage.seatsUsed), "atLimit": usage.seatsUsed >= usage.seatLimit,
                "planUserLimit": account.planUserLimit, "additionalUsers": account.additionalUserSubscriptions,
                "canChangeLimit": visitor.access.allows(.billingManage) && visitor.access.allows(.accountUpdate),
                "environments": usage.environments.map { env -> [String: Any] in
                    [
                        "name": env.name, "cloudName": env.cloudName, "enabled": env.enabled,
                        "users": usage.usersPerEnvironment[env.id] ?? 0, "keys": usage.accessKeysPerEnvironment[env.id] ?? 0,
                    ]
                },
                "hasEnvironments": !usage.environments.isEmpty,
            ]
            return console.page("account", values, visitor: visitor, request: request)
        }
    }
}
