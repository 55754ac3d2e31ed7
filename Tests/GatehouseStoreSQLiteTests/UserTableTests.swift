import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// The Console's users table (search, filters and paging in SQL, the columns read once per page) and its
/// Invite (every person, role and group written in one transaction, or nothing).
@Suite struct UserTableTests {
    static let admin = "cld::role::account::admin"
    static let mlAdmin = "cld::role::prodenv::ml_admin"

    func page(_ f: Fixture, size: Int = 50, _ adjust: (inout UserQuery) -> Void = { _ in }) async throws -> UserTablePage {
        var query = UserQuery(accountID: f.accountID)
        query.sortOrder = .asc
        query.pageSize = size
        adjust(&query)
        return try await f.service.userTable(query)
    }

    func emails(_ page: UserTablePage) -> [String] { page.rows.map(\.user.email).sorted() }

    @Test func searchFiltersAndPagesInTheStore() async throws {
        let f = try await Fixture()
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Prod"), accountID: f.accountID)
        let ann = try await f.service.createUser(
            NewUser(name: "Ann Lee", email: "ann@example.com", role: .technicalAdmin, subAccountIDs: [env.id]), accountID: f.accountID)
        let bob = try await f.service.createUser(NewUser(name: "Bob 100%", email: "bob_b@example.com"), accountID: f.accountID)
        let cy = try await f.service.createUser(NewUser(name: "Cy", email: "cy@other.org", role: .admin), accountID: f.accountID)
        let group = try await f.permissions.createGroup(named: "Editors", roles: [Self.admin], at: .account, accountID: f.accountID)
        _ = try await f.service.addUser(bob.id, toGroup: group.id, accountID: f.accountID)
        try await f.service.deleteUser(id: cy.id, accountID: f.accountID)

        #expect(emails(try await page(f) { $0.search = "LEE" }) == [ann.email])
        #expect(emails(try await page(f) { $0.search = "other.org" }) == [cy.email])
        // LIKE's wildcards are matched literally.
        #expect(emails(try await page(f) { $0.search = "100%" }) == [bob.email])
        #expect(emails(try await page(f) { $0.search = "b_b" }) == [bob.email])
        #expect(try await page(f) { $0.search = "_" }.rows.map(\.user.email) == [bob.email])
        // The role filter counts roles held through a group.
        #expect(emails(try await page(f) { $0.roleID = Self.admin }) == [bob.email])
        #expect(emails(try await page(f) { $0.roleID = "cld::role::prodenv::technical_admin" }) == [ann.email])
        #expect(emails(try await page(f) { $0.groupID = group.id }) == [bob.email])
        #expect(emails(try await page(f) { $0.status = .inactive }) == [cy.email])
        #expect(try await page(f) { $0.passwordReset = true }.rows.isEmpty)

        let all = try await page(f, size: 2)
        #expect(all.total == 4 && all.rows.count == 2 && all.rows[0].user.root)
        let second = try await page(f, size: 2) { $0.page = 2 }
        #expect(second.total == 4 && second.rows.map(\.user.email) == [bob.email, cy.email])
        let beyond = try await page(f, size: 2) { $0.page = 9 }
        #expect(beyond.total == 4 && beyond.rows.isEmpty)

        let row = try #require(try await page(f) { $0.search = "ann@" }.rows.first)
        #expect(row.roles.map { "\($0.role.id)@\($0.scopeID ?? "account")" } == ["cld::role::prodenv::technical_admin@\(env.id)"])
        let bobRow = try #require(try await page(f) { $0.search = "bob" }.rows.first)
        #expect(bobRow.groups.map(\.name) == ["Editors"])
        #expect(all.seatsUsed == 3 && all.seatLimit == 100 && all.environments.count == 2)
    }

    @Test func inviteWritesEveryoneWithRolesAndGroupsTogether() async throws {
        let f = try await Fixture()
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Prod"), accountID: f.accountID)
        let group = try await f.service.createGroup(name: "Team", accountID: f.accountID)
        let invitation = Invitation(
            people: [.init(email: "one@example.com", name: "One"), .init(email: "two@example.com", name: " ")],
            roles: [(Self.mlAdmin, env.id)], subAccountIDs: [env.id], groupIDs: [group.id])
        let created = try await f.service.invite(invitation, accountID: f.accountID, permissions: f.permissions)
        #expect(created.map(\.name) == ["One", ""] && created.allSatisfy { $0.isPending && $0.subAccountIDs == [env.id] })
        for user in created {
            let held = try await f.permissions.directRoles(
                of: Principal(type: .user, id: user.id), accountID: f.accountID, permissionType: nil, filter: ScopeFilter(), managementType: nil)
            #expect(held.map { "\($0.role.id)@\($0.assignment.scopeID ?? "account")" } == ["\(Self.mlAdmin)@\(env.id)"])
        }
        #expect(try await f.service.group(id: group.id, accountID: f.accountID).1.count == 2)
    }

    @Test func aRefusedInviteWritesNobody() async throws {
        let f = try await Fixture(planUserLimit: 3)
        let before = try await f.allUsers().count
        let taken = try await f.service.createUser(NewUser(name: "Taken", email: "taken@example.com"), accountID: f.accountID)
        func refused(_ invitation: Invitation, as service: ProvisioningService? = nil, field: String? = nil) async throws {
            do {
                _ = try await (service ?? f.service).invite(invitation, accountID: f.accountID, permissions: f.permissions)
                Issue.record("accepted \(invitation.people.map(\.email))")
            } catch let GatehouseError.invalidField(got, _) {
                #expect(got == field)
            } catch {
                #expect(field == nil, "\(error)")
            }
            #expect(try await f.allUsers().count == before + 1)
        }
        let fresh = Invitation.Person(email: "fresh@example.com", name: "")
        func people(_ people: [Invitation.Person]) -> Invitation { Invitation(people: people, roles: [], subAccountIDs: nil, groupIDs: []) }
        try await refused(people([fresh, .init(email: "TAKEN@example.com", name: "")]), field: "email_2")
        try await refused(people([fresh, .init(email: "fresh@example.com", name: "")]), field: "email_2")
        try await refused(people([fresh, .init(email: "broken", name: "")]), field: "email_2")
        try await refused(people([]), field: "email_1")
        try await refused(Invitation(people: [fresh], roles: [("no_such_role", nil)], subAccountIDs: nil, groupIDs: []))
        try await refused(Invitation(people: [fresh], roles: [], subAccountIDs: nil, groupIDs: ["no-such-group"]))
        // One seat of three is left after the root and `taken`: two people do not fit, and neither is written.
        let two = ["a", "b"].map { Invitation.Person(email: "\($0)@example.com", name: "") }
        try await refused(people(two))
        // The guard weighs the whole transaction: an Admin cannot invite a Master Admin, not even with others.
        let asAdmin = f.services.provisioning.acting(as: .principal(Principal(type: .user, id: taken.id)))
        try await f.permissions.replaceGlobalRoles(
            of: Principal(type: .user, id: taken.id), at: .account, with: [Self.admin], accountID: f.accountID)
        _ = try await f.accounts.setSeats(accountID: f.accountID, planUserLimit: 10, additionalUserSubscriptions: nil)
        let master = Invitation(people: [fresh], roles: [(AssignmentRules.masterAdminAccountRoleID, nil)], subAccountIDs: nil, groupIDs: [])
        try await refused(master, as: asAdmin)
        #expect(taken.email == "taken@example.com")
    }
}
