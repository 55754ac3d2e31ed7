import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// The Provisioning API's user object tells the truth about sign-in: `status` through the lifecycle,
/// `providers`, `two_factor`, `last_login` and `email_preferences`.
@Suite struct UserSignInFieldsHTTPTests {
    @Test func theUserObjectFollowsTheSignInLifecycle() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let create = #"{"name": "Ann", "email": "ann@example.com", "sub_account_ids": []}"#
            let id = try await client.execute(uri: TestApp.path("users"), method: .post, headers: TestApp.auth, body: ByteBuffer(string: create)) {
                try #require(try TestApp.json($0)["id"] as? String)
            }
            let user = { () async throws -> [String: Any] in
                try await client.execute(uri: TestApp.path("users/\(id)"), method: .get, headers: TestApp.auth) { try TestApp.json($0) }
            }
            var fields = try await user()
            #expect(fields["status"] as? String == "pending" && (fields["providers"] as? [String]) == [])
            #expect(fields["two_factor"] as? Bool == false && fields["last_login"] is NSNull)
            let link = try #require(try await Targets.links(in: app).first { $0.user == id && $0.kind == "invitation" })
            let password = "a long enough passphrase"
            _ = try await app.services.identity.acceptInvitation(token: link.token, name: "Ann Example", password: password, confirmation: password)
            _ = try await app.services.identity.signIn(email: "ann@example.com", password: password, client: ClientInfo(address: "192.0.2.9", userAgent: nil))
            fields = try await user()
            #expect(fields["status"] as? String == "active" && (fields["providers"] as? [String]) == ["password"])
            #expect(fields["last_login"] is String)
            let preferences = try #require(fields["email_preferences"] as? [String: Bool])
            #expect(preferences == ["product_updates": true, "security_notices": true])
            try await app.services.identity.acting(as: .local).resetPassword(userID: id, accountID: TestApp.account)
            fields = try await user()
            #expect(fields["status"] as? String == "password_reset" && fields["password_reset_pending"] as? Bool == true)
        }
    }
}
