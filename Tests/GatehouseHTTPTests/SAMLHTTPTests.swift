import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

/// The ACS end to end with the tests' own IdP (signatures made without libxml2): a response signs a
/// person in, creating it with the roles `CloudinaryRole` names (source `saml`); the next login replaces
/// those roles and keeps hand-given ones; a replay, a rogue key, IdP-initiated logins while off and a
/// settings change by a non-Master-Admin are refused and write nothing.
@Suite struct SAMLHTTPTests {
    struct World {
        let app: TestApp
        let idp: SAMLTestIdP
        let sp: SAMLServiceProvider

        init(idpInitiated: Bool = true) async throws {
            app = try await TestApp()
            idp = try SAMLTestIdP()
            sp = app.services.saml.serviceProvider(accountID: TestApp.account)
            let trusted = idp.identityProvider
            _ = try await app.services.saml.acting(as: .local).configure(accountID: TestApp.account) { settings in
                settings.identityProvider = trusted
                settings.enabled = true
                settings.idpInitiated = idpInitiated
            }
        }

        func post(_ posted: String, _ client: some TestClientProtocol) async throws -> (HTTPResponse.Status, String?) {
            try await client.execute(
                uri: "/saml/\(TestApp.account)/acs", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: WriteCallGenerators.form(["SAMLResponse": posted]))
            ) { ($0.status, $0.headers[values: .setCookie].first { $0.hasPrefix("gatehouse_session=") }) }
        }

        /// Why the last response was refused, from the audit log.
        func lastRefusal() async throws -> String {
            let events = try await app.services.audit.events(AuditQuery(accountID: TestApp.account, action: "auth.sign_in.failure", limit: 1))
            return events.first?.after?.objectValue?["message"]?.stringValue ?? "no refusal recorded"
        }

        func user(_ email: String) async throws -> User? {
            try await app.store.read { db in try db.liveUser(email: email) }
        }

        func roles(of user: User) async throws -> [RoleAssignment] {
            try await app.store.read { db in try db.assignments(accountID: TestApp.account, roleID: nil, principal: Principal(type: .user, id: user.id)) }
                .sorted { ($0.roleID, $0.scopeID ?? "") < ($1.roleID, $1.scopeID ?? "") }
        }
    }

    @Test func aResponseSignsInAndProvisionsWithTheMappedRoles() async throws {
        let world = try await World()
        let env = try #require(try await world.app.services.provisioning.acting(as: .local).environments(EnvironmentQuery(accountID: TestApp.account)).first?.0)
        try await world.app.app.test(.router) { client in
            let first = try world.idp.response(
                email: "sam@example.com",
                attributes: ["CloudinaryRole": ["\(env.cloudName)::cld::role::prodenv::technical_admin", "ACCOUNT::cld::role::account::billing", "nope::x"],
                             "firstName": ["Sam"], "lastName": ["Sso"]],
                to: world.sp)
            let (status, cookie) = try await world.post(first, client)
            let refusal = try await world.lastRefusal()
            #expect(status == .seeOther && cookie != nil, "refused: \(refusal)")
            let user = try #require(try await world.user("sam@example.com"))
            #expect(user.status == .active && user.name == "Sam Sso")
            #expect(try await world.roles(of: user).map { "\($0.roleID)@\($0.scopeID ?? "account"):\($0.source.rawValue)" } == [
                "cld::role::account::billing@account:saml", "cld::role::prodenv::technical_admin@\(env.id):saml",
            ])
            // A role given by hand stays; the SAML ones follow the assertion.
            try await world.app.services.permissions.acting(as: .local).changeAssignments(
                [RoleGrantRequest(roleID: "cld::role::account::reports", principal: Principal(type: .user, id: user.id), scopeID: nil, parameters: [:])],
                operation: .add, accountID: TestApp.account)
            #expect(try await world.post(try world.idp.response(email: "sam@example.com", attributes: [:], to: world.sp), client).0 == .seeOther)
            #expect(try await world.roles(of: user).map { "\($0.roleID)@\($0.scopeID ?? "account"):\($0.source.rawValue)" } == [
                "cld::role::account::reports@account:explicit", "cld::role::prodenv::ml_user@all:saml",
            ])
            // The same response twice is a replay.
            let (again, againCookie) = try await world.post(first, client)
            #expect(again == .forbidden && againCookie == nil)
        }
    }

    @Test func refusedResponsesWriteNothing() async throws {
        let world = try await World(idpInitiated: false)
        let rogue = try SAMLTestIdP(entityID: world.idp.entityID)
        try await world.app.app.test(.router) { client in
            for posted in [
                try world.idp.response(email: "off@example.com", attributes: [:], to: world.sp),  // IdP-initiated while off
                try rogue.response(email: "rogue@example.com", attributes: [:], to: world.sp),
                "not base64 at all", Data("<samlp:Response".utf8).base64EncodedString(),
            ] {
                let (status, cookie) = try await world.post(posted, client)
                #expect(status.code >= 400 && status.code < 500 && cookie == nil)
            }
            let (off, rogueUser) = (try await world.user("off@example.com"), try await world.user("rogue@example.com"))
            #expect(off == nil && rogueUser == nil)
            let refusals = try await world.app.services.audit.events(AuditQuery(accountID: TestApp.account, action: "auth.sign_in.failure"))
            #expect(Set(refusals.compactMap { $0.after?.objectValue?["reason"]?.stringValue }) == ["idp_initiated_off", "signature_invalid", "malformed"])
        }
    }

    /// Each login writes a pending request, and anyone may ask: past the burst, a client waits.
    @Test func loginsAreRateLimitedPerClient() async throws {
        let world = try await World()
        try await world.app.app.test(.router) { client in
            // Tokens come back while the requests go out, so the first refusal comes some way past the burst.
            let burst = Int(ClientRateLimiter.Settings.standard.burst)
            var statuses: [HTTPResponse.Status] = []
            while statuses.count < 10 * burst, statuses.last != .tooManyRequests {
                statuses.append(try await client.execute(uri: "/saml/\(TestApp.account)/login", method: .get) { $0.status })
            }
            #expect(statuses.last == .tooManyRequests && statuses.count > burst)
            #expect(statuses.dropLast().allSatisfy { $0 == .found })
        }
    }

    @Test func onlyAMasterAdminTrustsAnIdP() async throws {
        let world = try await World()
        let provisioning = world.app.services.provisioning.acting(as: .local)
        let admin = try await provisioning.createUser(NewUser(name: "Ada", email: "ada@example.com", role: .admin), accountID: TestApp.account)
        let saml = world.app.services.saml.acting(as: .principal(Principal(type: .user, id: admin.id)))
        await #expect(throws: GatehouseError.self) {
            _ = try await saml.configure(accountID: TestApp.account) { $0.enforced = true }
        }
        #expect(try await world.app.services.saml.settings(accountID: TestApp.account).enforced == false)
    }
}
