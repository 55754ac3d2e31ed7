import Foundation
import GatehouseCore
@testable import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

/// Fail closed (rule 4): every route the server registers is either mapped to the permission its callers
/// need, authorized per operation by the environment key's roles (Admin API), or deliberately public.
@Suite struct RouteCoverageTests {
    static let publicRoutes: Set<String> = [
        "GET /health", "GET /ready", "GET /v2/accounts/permissions/public/catalog", "GET /v2/accounts/permissions/public/schema",
        "POST /v2/accounts/permissions/public/validate",
    ]

    @Test func everyRouteIsMappedOrDeliberatelyPublic() async throws {
        let app = try await TestApp()
        let router = GatehouseServer.buildRouter(services: app.services)
        for route in router.routes {
            let name = "\(route.method) \(route.path)"
            let path = route.path.description
            if path.hasPrefix("/v1_1/provisioning/accounts/{account_id}") || path.hasPrefix("/v2/accounts/{account_id}/permissions")
                || path.hasPrefix("/v2/accounts/{account_id}/audit") {
                #expect(AccountOperation(method: route.method, endpoint: path) != nil, "\(name) has no mapped operation")
            } else if path.hasPrefix("/scim/v2/") {
                #expect(SCIMOperation(method: route.method, endpoint: path) != nil, "\(name) has no mapped SCIM operation")
            } else if path.hasPrefix("/v1_1/{cloud_name}/") {
                continue  // each Admin API operation is decided by the key's roles in its service
            } else if path == "/" || path.hasPrefix("/console") {
                continue  // the Console's pages: signed-in ones check the session, every post a form token
            } else {
                #expect(Self.publicRoutes.contains(name), "\(name) is neither mapped nor deliberately public")
            }
        }
    }

    @Test func everyNonPublicRouteRefusesAnonymousCallers() async throws {
        let app = try await TestApp()
        let routes = GatehouseServer.buildRouter(services: app.services).routes.map { ($0.method, $0.path.description) }
        try await app.app.test(.router) { client in
            for (method, path) in routes where !Self.publicRoutes.contains("\(method) \(path)") {
                let uri = path
                    .replacingOccurrences(of: "{account_id}", with: TestApp.account).replacingOccurrences(of: "**", with: "x")
                    .replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "x", options: .regularExpression)
                let status = try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) {
                    $0.status
                }
                #expect(status == .unauthorized, "\(method) \(uri) → \(status)")
            }
        }
    }

    /// Gatehouse's own audit route is read-only and decided by its own catalog feature, not by a Cloudinary one.
    @Test func theAuditLogRouteReadsGatehousesOwnFeature() {
        let read = AccountOperation(method: .get, endpoint: "/v2/accounts/{account_id}/audit/events")
        #expect(read?.action == "read" && read?.resourceType == "Cloudinary::Feature")
        #expect(read?.resourceID == "gatehouse::global::audit_log::view")
        #expect(AccountOperation(method: .post, endpoint: "/v2/accounts/{account_id}/audit/events") == nil)
        #expect(AccountOperation(method: .delete, endpoint: "/v2/accounts/{account_id}/audit/events") == nil)
    }

    @Test func anUnmappedAccountRouteIsForbidden() async throws {
        let app = try await TestApp()
        let router = Router(context: GatehouseRequestContext.self)
        router.middlewares.add(CloudinaryErrorMiddleware())
        router.group("v2/accounts/:account_id/permissions")
            .add(middleware: ProvisioningAuthMiddleware(accounts: app.services.accounts))
            .add(middleware: EnforcementMiddleware(decisions: app.services.decisions))
            .get("mystery") { _, _ in "reached" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v2/accounts/\(TestApp.account)/permissions/mystery", method: .get, headers: TestApp.auth) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
