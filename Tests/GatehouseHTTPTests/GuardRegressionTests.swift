import Foundation
import GatehouseCore
import Hummingbird
import HummingbirdTesting
import Testing

/// One case per hole an outside attack test found (issue 10): a key holding only account Admin must not
/// become Master Admin through any door, nor diminish someone stronger; the owner stays the owner. Each
/// refusal is a 403 that writes nothing.
@Suite struct GuardRegressionTests {
    static let v2 = "/v2/accounts/\(TestApp.account)/permissions/"

    /// The app, an account Admin key, and a plain user to aim at.
    struct Setup {
        let app: TestApp
        let admin: AccountCredentials
        let user: User
        let root: User
    }

    static func setUp() async throws -> Setup {
        let app = try await TestApp()
        let admin = try await app.accounts.createProvisioningKey(accountID: TestApp.account, name: "admin")
        try await app.services.permissions.acting(as: .local).changeAssignments(
            [RoleGrantRequest(roleID: "cld::role::account::admin", principal: Principal(type: .provisioningKey, id: admin.key), scopeID: nil, parameters: [:])],
            operation: .add, accountID: TestApp.account)
        let provisioning = app.services.provisioning.acting(as: .local)
        let user = try await provisioning.createUser(
            NewUser(name: "Plain", email: "plain@example.com", role: .mediaLibraryUser, subAccountIDs: []), accountID: TestApp.account)
        let root = try #require(try await provisioning.users(UserQuery(accountID: TestApp.account)).first { $0.root })
        return Setup(app: app, admin: admin, user: user, root: root)
    }

    static func call(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, as key: AccountCredentials
    ) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: method, headers: EnforcementTests.basic(key), body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, String(buffer: $0.body))
        }
    }

    static var bootstrap: AccountCredentials { AccountCredentials(key: TestApp.key, secret: TestApp.secret, accountID: TestApp.account) }

    func roles(of principal: Principal, in s: Setup) async throws -> Set<String> {
        Set(try await s.app.services.permissions.effectiveRoles(of: principal, accountID: TestApp.account, filter: ScopeFilter()).map(\.role.id))
    }

    @Test func legacyRoleCannotMakeMasterAdmin() async throws {
        let s = try await Self.setUp()
        try await s.app.app.test(.router) { client in
            let create = #"{"name": "Eve", "email": "eve@example.com", "role": "master_admin"}"#
            let status1 = try await Self.call(client, .post, TestApp.path("users"), create, as: s.admin).0
            #expect(status1 == .forbidden)
            let found = try await s.app.services.provisioning.users(UserQuery(accountID: TestApp.account))
            #expect(!found.contains { $0.email == "eve@example.com" }, "a refused create writes nothing")
            let (status, body) = try await Self.call(client, .put, TestApp.path("users/\(s.user.id)"), #"{"role": "master_admin"}"#, as: s.admin)
            #expect(status == .forbidden)
            #expect(body.contains("cannot give user \(s.user.id)"))
            #expect(try await s.app.services.provisioning.user(id: s.user.id, accountID: TestApp.account).user.role == .mediaLibraryUser)
        }
    }

    @Test func groupMembershipCannotMakeMasterAdmin() async throws {
        let s = try await Self.setUp()
        let group = try await s.app.services.provisioning.acting(as: .local).createGroup(name: "Owners", accountID: TestApp.account)
        try await s.app.services.permissions.acting(as: .local).changeAssignments(
            [RoleGrantRequest(roleID: AssignmentRules.masterAdminAccountRoleID, principal: Principal(type: .group, id: group.id), scopeID: nil, parameters: [:])],
            operation: .add, accountID: TestApp.account)
        try await s.app.app.test(.router) { client in
            let status = try await Self.call(client, .post, TestApp.path("user_groups/\(group.id)/users/\(s.user.id)"), as: s.admin).0
            #expect(status == .forbidden)
            #expect(try await s.app.services.provisioning.group(id: group.id, accountID: TestApp.account).1.isEmpty)
        }
    }

    @Test func editingAHeldRoleCannotGrowItBeyondTheEditor() async throws {
        let s = try await Self.setUp()
        try await s.app.app.test(.router) { client in
            let role = #"{"id": "harmless", "name": "Harmless", "scope_type": "account", "permission_type": "global", "system_policy_ids": ["cld::policy::global::users_and_groups::view"]}"#
            #expect(try await Self.call(client, .post, Self.v2 + "roles", role, as: s.admin).0 == .created)
            let assign = #"{"operation": "add", "principal": {"type": "provisioningKey", "id": "\#(s.admin.key)"}, "roles": [{"id": "harmless"}]}"#
            #expect(try await Self.call(client, .put, Self.v2 + "principal_roles", assign, as: s.admin).0 == .ok)
            let everything = s.app.services.resources.catalog.policies.filter { $0.scopeType == .account }.map { "\"\($0.id)\"" }
            let edit = #"{"name": "Harmless", "system_policy_ids": [\#(everything.joined(separator: ", "))]}"#
            let (status, body) = try await Self.call(client, .put, Self.v2 + "roles/harmless", edit, as: s.admin)
            #expect(status == .forbidden)
            #expect(body.contains("does not hold it itself"))
            let stored = try await s.app.services.permissions.role(id: "harmless", accountID: TestApp.account)
            #expect(stored.systemPolicyIDs == ["cld::policy::global::users_and_groups::view"])
        }
    }

    @Test func customPoliciesAreMasterAdminsOnly() async throws {
        let s = try await Self.setUp()
        try await s.app.app.test(.router) { client in
            let statement = "permit(principal == Cloudinary::ProvisioningKey::\\\"\(s.admin.key)\\\", action, resource);"
            let body = #"{"name": "Mine", "policy_statement": "\#(statement)", "scope_type": "account"}"#
            let (status, message) = try await Self.call(client, .post, Self.v2 + "policies/custom", body, as: s.admin)
            #expect(status == .forbidden)
            #expect(message.contains("Master Admin"))
            #expect(try await s.app.services.permissions.customPolicies(accountID: TestApp.account, scopeType: .account, scopeID: nil, enabled: nil).isEmpty)
            #expect(try await Self.call(client, .post, Self.v2 + "policies/custom", body, as: Self.bootstrap).0 == .created)
        }
    }

    @Test func adminCannotStripTheBootstrapKey() async throws {
        let s = try await Self.setUp()
        let bootstrap = Principal(type: .provisioningKey, id: TestApp.key)
        try await s.app.app.test(.router) { client in
            for operation in ["remove", "set"] {
                let roles = operation == "set" ? "[]" : #"[{"id": "cld::role::account::master_admin"}]"#
                let body = #"{"operation": "\#(operation)", "principal": {"type": "provisioningKey", "id": "\#(TestApp.key)"}, "roles": \#(roles)}"#
                let status2 = try await Self.call(client, .put, Self.v2 + "principal_roles", body, as: s.admin).0
                #expect(status2 == .forbidden, "\(operation)")
            }
            let holders = #"{"operation": "remove", "principals": [{"principal_type": "provisioningKey", "principal_id": "\#(TestApp.key)"}]}"#
            let status3 = try await Self.call(client, .put, Self.v2 + "roles/cld::role::account::master_admin/principals", holders, as: s.admin).0
            #expect(status3 == .forbidden)
        }
        #expect(try await roles(of: bootstrap, in: s).contains(AssignmentRules.masterAdminAccountRoleID))
    }

    @Test func theOwnerStaysTheOwner() async throws {
        let s = try await Self.setUp()
        let root = Principal(type: .user, id: s.root.id)
        try await s.app.app.test(.router) { client in
            for key in [s.admin, Self.bootstrap] {
                let status4 = try await Self.call(client, .put, TestApp.path("users/\(s.root.id)"), #"{"email": "thief@example.com"}"#, as: key).0
                #expect(status4 == .forbidden)
                let status5 = try await Self.call(client, .put, TestApp.path("users/\(s.root.id)"), #"{"enabled": false}"#, as: key).0
                #expect(status5 == .forbidden)
                let status6 = try await Self.call(client, .delete, TestApp.path("users/\(s.root.id)"), as: key).0
                #expect(status6 == .forbidden)
                let strip = #"{"operation": "remove", "principal": {"type": "user", "id": "\#(s.root.id)"}, "roles": [{"id": "cld::role::account::master_admin"}]}"#
                let status7 = try await Self.call(client, .put, Self.v2 + "principal_roles", strip, as: key).0
                #expect(status7 == .forbidden)
                let status8 = try await Self.call(client, .put, TestApp.path("users/\(s.root.id)"), #"{"role": "admin"}"#, as: key).0
                #expect(status8 == .forbidden)
            }
        }
        let owner = try await s.app.services.provisioning.user(id: s.root.id, accountID: TestApp.account).user
        #expect(owner.email == s.root.email && owner.enabled && !owner.isDeleted && owner.role == .masterAdmin)
        #expect(try await roles(of: root, in: s).contains(AssignmentRules.masterAdminAccountRoleID))
    }

    @Test func theOperatorCannotRemoveTheOwnerEither() async throws {
        let s = try await Self.setUp()
        let provisioning = s.app.services.provisioning.acting(as: .local)
        await #expect(throws: GatehouseError.self) {
            _ = try await provisioning.updateUser(id: s.root.id, accountID: TestApp.account, changes: UserChanges(email: "else@example.com"))
        }
        await #expect(throws: GatehouseError.self) {
            try await s.app.services.permissions.acting(as: .local).changeAssignments(
                [RoleGrantRequest(roleID: AssignmentRules.masterAdminAccountRoleID, principal: Principal(type: .user, id: s.root.id), scopeID: nil, parameters: [:])],
                operation: .remove, accountID: TestApp.account)
        }
    }

    @Test func servicesNotToldWhoActsCannotWrite() async throws {
        let s = try await Self.setUp()
        await #expect(throws: GatehouseError.self) {
            _ = try await s.app.services.provisioning.createGroup(name: "Nobody's", accountID: TestApp.account)
        }
    }
}
