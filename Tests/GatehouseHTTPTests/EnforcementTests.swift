import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// Gatehouse authorizes its own API with the caller key's roles.
@Suite struct EnforcementTests {
    enum Op: String, CaseIterable {
        case listUsers, createUser, createGroup, listRoles, createRole, billing, listEnvironments, createEnvironment
        /// Gatehouse's own audit log: its own catalog policy, held by Master Admin and Admin only (not by
        /// Reports, although Cloudinary's account reports mention audit logs).
        case auditEvents
    }

    /// Expected outcome per account-level system role (true = allowed), from the catalog's policies.
    static let matrix: [String: Set<Op>] = [
        "cld::role::account::master_admin": Set(Op.allCases),
        "cld::role::account::admin": [.listUsers, .createUser, .createGroup, .listRoles, .createRole, .auditEvents],
        "cld::role::account::billing": [.billing],
        "cld::role::account::reports": [],
        "none": [],
    ]

    static func request(_ op: Op, n: Int) -> (String, HTTPRequest.Method, String?) {
        let v2 = "/v2/accounts/\(TestApp.account)/permissions/"
        switch op {
        case .listUsers: return (TestApp.path("users"), .get, nil)
        // No environment access: an account-level key holds no product-environment grants to give.
        case .createUser:
            return (TestApp.path("users"), .post, #"{"name": "U\#(n)", "email": "u\#(n)@example.com", "sub_account_ids": []}"#)
        case .createGroup: return (TestApp.path("user_groups"), .post, #"{"name": "G\#(n)"}"#)
        case .listRoles: return (v2 + "roles?permission_type=global", .get, nil)
        case .createRole:
            return (v2 + "roles", .post, #"{"name": "R\#(n)", "scope_type": "account", "permission_type": "global"}"#)
        case .billing: return (TestApp.path("billing_usage"), .get, nil)
        case .listEnvironments: return (TestApp.path("sub_accounts"), .get, nil)
        case .createEnvironment: return (TestApp.path("sub_accounts"), .post, #"{"name": "E\#(n)"}"#)
        case .auditEvents: return ("/v2/accounts/\(TestApp.account)/audit/events", .get, nil)
        }
    }

    static func basic(_ c: AccountCredentials) -> HTTPFields {
        [.authorization: "Basic " + Data("\(c.key):\(c.secret)".utf8).base64EncodedString(), .contentType: "application/json"]
    }

    static func assign(_ roleID: String, to key: String, client: some TestClientProtocol) async throws {
        let body = #"{"operation": "add", "principal": {"type": "provisioningKey", "id": "\#(key)"}, "roles": [{"id": "\#(roleID)"}]}"#
        try await client.execute(
            uri: "/v2/accounts/\(TestApp.account)/permissions/principal_roles", method: .put, headers: TestApp.auth,
            body: ByteBuffer(string: body)
        ) { #expect($0.status == .ok, "assign \(roleID)") }
    }

    @Test func privilegeMatrixOverAccountSystemRoles() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            var n = 0
            for (roleID, allowed) in Self.matrix.sorted(by: { $0.key < $1.key }) {
                let key = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: roleID)
                if roleID != "none" { try await Self.assign(roleID, to: key.key, client: client) }
                for op in Op.allCases {
                    n += 1
                    let (uri, method, body) = Self.request(op, n: n)
                    try await client.execute(uri: uri, method: method, headers: Self.basic(key), body: body.map { ByteBuffer(string: $0) }) { response in
                        if allowed.contains(op) {
                            #expect(response.status.code < 300, "\(roleID) \(op) → \(response.status)")
                        } else {
                            #expect(response.status == .forbidden, "\(roleID) \(op) → \(response.status)")
                            let message = try TestApp.errorMessage(response)
                            #expect(message.contains("missing permissions"))
                        }
                    }
                }
            }
        }
    }

    @Test func viewOnlyKeyListsButCannotWriteAndSeesRoleChangesAtOnce() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let v2 = "/v2/accounts/\(TestApp.account)/permissions/"
            let role = #"{"id": "users_viewer", "name": "Users viewer", "scope_type": "account", "permission_type": "global", "system_policy_ids": ["cld::policy::global::users_and_groups::view"]}"#
            try await client.execute(uri: v2 + "roles", method: .post, headers: TestApp.auth, body: ByteBuffer(string: role)) {
                #expect($0.status == .created)
            }
            let key = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "viewer")
            try await Self.assign("users_viewer", to: key.key, client: client)
            try await client.execute(uri: TestApp.path("users"), method: .get, headers: Self.basic(key)) { #expect($0.status == .ok) }
            let create = #"{"name": "X", "email": "x@example.com", "sub_account_ids": []}"#
            try await client.execute(uri: TestApp.path("users"), method: .post, headers: Self.basic(key), body: ByteBuffer(string: create)) {
                #expect($0.status == .forbidden)
            }
            // Read-your-writes: the next call after the grant is allowed.
            try await Self.assign("cld::role::account::admin", to: key.key, client: client)
            try await client.execute(uri: TestApp.path("users"), method: .post, headers: Self.basic(key), body: ByteBuffer(string: create)) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func noEscalationBeyondWhatTheGrantorHolds() async throws {
        let app = try await TestApp()
        try await app.app.test(.router) { client in
            let admin = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "admin")
            try await Self.assign("cld::role::account::admin", to: admin.key, client: client)
            let other = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "other")
            let v2 = "/v2/accounts/\(TestApp.account)/permissions/principal_roles"
            for (roleID, expected) in [("cld::role::account::master_admin", HTTPResponse.Status.forbidden),
                                       ("cld::role::account::billing", .forbidden), ("cld::role::account::admin", .ok),
                                       ("cld::role::account::reports", .ok)] {
                let body = #"{"operation": "add", "principal": {"type": "provisioningKey", "id": "\#(other.key)"}, "roles": [{"id": "\#(roleID)"}]}"#
                try await client.execute(uri: v2, method: .put, headers: Self.basic(admin), body: ByteBuffer(string: body)) {
                    #expect($0.status == expected, "admin granting \(roleID)")
                }
            }
            // Nor to itself.
            let selfGrant = #"{"operation": "add", "principal": {"type": "provisioningKey", "id": "\#(admin.key)"}, "roles": [{"id": "cld::role::account::master_admin"}]}"#
            try await client.execute(uri: v2, method: .put, headers: Self.basic(admin), body: ByteBuffer(string: selfGrant)) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
