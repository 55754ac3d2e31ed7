import GatehouseCore
import Hummingbird

/// The Provisioning API (`/v1_1/provisioning/accounts/{account_id}/…`). Each resource's handlers live in
/// their own file as an extension.
struct ProvisioningRoutes {
    let service: ProvisioningService

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        registerUsers(on: group)
        registerUserGroups(on: group)
        registerProductEnvironments(on: group)
        registerAccessKeys(on: group)
        registerBillingUsage(on: group)
    }
}
