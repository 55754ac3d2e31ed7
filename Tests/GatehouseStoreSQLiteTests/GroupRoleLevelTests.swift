import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// The Console's group forms: a group created with its roles in one transaction, and a group's global roles
/// replaced one permission level at a time.
@Suite struct GroupRoleLevelTests {
    static let admin = "cld::role::account::admin"
    static let reports = "cld::role::account::reports"
    static let mlUser = "cld::role::prodenv::ml_user"

    func held(_ f: Fixture, _ group: String) async throws -> [String] {
        try await f.permissions.directRoles(
            of: Principal(type: .group, id: group), accountID: f.accountID, permissionType: .global, filter: ScopeFilter(), managementType: nil
        ).map { "\($0.role.id)@\($0.assignment.scopeID ?? "account")" }.sorted()
    }

    @Test func replacingOneLevelKeepsTheOthers() async throws {
        let f = try await Fixture()
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Prod"), accountID: f.accountID)
        let group = try await f.permissions.createGroup(named: "Team", roles: [Self.reports], at: .account, accountID: f.accountID)
        let principal = Principal(type: .group, id: group.id)
        try await f.permissions.replaceGlobalRoles(of: principal, at: .environment(env.id), with: [Self.mlUser], accountID: f.accountID)
        try await f.permissions.replaceGlobalRoles(of: principal, at: .environment("all"), with: [Self.mlUser], accountID: f.accountID)
        #expect(try await held(f, group.id) == ["\(Self.mlUser)@\(env.id)", "\(Self.mlUser)@all", "\(Self.reports)@account"].sorted())
        try await f.permissions.replaceGlobalRoles(of: principal, at: .account, with: [Self.admin], accountID: f.accountID)
        try await f.permissions.replaceGlobalRoles(of: principal, at: .environment(env.id), with: [], accountID: f.accountID)
        #expect(try await held(f, group.id) == ["\(Self.admin)@account", "\(Self.mlUser)@all"].sorted())
    }

    @Test func rolesThatDoNotFitTheLevelAreRefusedNextToTheirField() async throws {
        let f = try await Fixture()
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Prod"), accountID: f.accountID)
        let cases: [(RoleLevel, String, String)] = [
            (.environment("all"), Self.admin, "level"), (.account, Self.mlUser, "level"),
            (.environment(env.id), AssignmentRules.masterAdminProdenvRoleID, "level"), (.environment("nowhere"), Self.mlUser, "level"),
            (.account, "cld::role::folder::viewer", "roles"), (.account, "no_such_role", "roles"),
        ]
        for (level, role, field) in cases {
            await #expect(throws: GatehouseError.self) {
                do { _ = try await f.permissions.createGroup(named: "G", roles: [role], at: level, accountID: f.accountID) } catch {
                    guard case GatehouseError.invalidField(let got, _) = error else { Issue.record("\(error)"); throw error }
                    #expect(got == field, "\(level) \(role)")
                    throw error
                }
            }
        }
        #expect(try await f.service.groups(accountID: f.accountID).isEmpty)
    }

    @Test func aRefusedRoleLeavesNoGroupBehind() async throws {
        let f = try await Fixture()
        let admin = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com", role: .admin), accountID: f.accountID)
        let asAdmin = f.services.permissions.acting(as: .principal(Principal(type: .user, id: admin.id)))
        await #expect(throws: GatehouseError.self) {
            try await asAdmin.createGroup(named: "Top", roles: [AssignmentRules.masterAdminAccountRoleID], at: .account, accountID: f.accountID)
        }
        #expect(try await f.service.groups(accountID: f.accountID).isEmpty)
        let group = try await asAdmin.createGroup(named: "Mine", roles: [Self.admin], at: .account, accountID: f.accountID)
        #expect(try await held(f, group.id) == ["\(Self.admin)@account"])
    }
}
