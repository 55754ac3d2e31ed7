import Foundation
import GatehouseCore
import Hummingbird

extension ProvisioningRoutes {
    func registerBillingUsage(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("billing_usage") { request, context in
            let q = QueryParameters(request.uri.query)
            let year = try q.int("year", in: 2000...2100)
            let breakdown = try q.bool("include_prodenv_breakdown") ?? false
            let report = try await service.usage(accountID: try context.requireAccount())
            return try JSONResponse.make([WireBillingUsage(report, year: year, breakdown: breakdown, today: Date())])
        }
    }
}
