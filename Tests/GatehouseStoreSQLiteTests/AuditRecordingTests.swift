import Foundation
import GatehouseCore
import Testing

/// Each kind of guarded write records its event in the same transaction, with who made it, what it was made
/// to and what changed; a write the guard refuses leaves neither change nor event.
@Suite struct AuditRecordingTests {
    static let admin = "cld::role::account::admin"
    static let masterAdmin = AssignmentRules.masterAdminAccountRoleID
    static let viewPolicy = "cld::policy::global::users_and_groups::view"

    static func events(_ f: Fixture, action: String? = nil, target: String? = nil) async throws -> [AuditEvent] {
        try await f.store.read { try $0.auditEvents(AuditQuery(accountID: f.accountID, targetID: target, action: action)) }
    }

    static func object(_ value: JSONValue?) -> [String: JSONValue] { value?.objectValue ?? [:] }

    @Test func userCreateUpdateAndDeleteAreRecordedForTheirActor() async throws {
        let f = try await Fixture()
        let admin = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com", role: .admin), accountID: f.accountID)
        let asAdmin = f.services.provisioning.acting(as: .principal(Principal(type: .user, id: admin.id)))
        let bob = try await asAdmin.createUser(NewUser(name: "Bob", email: "bob@example.com", role: .technicalAdmin), accountID: f.accountID)
        _ = try await asAdmin.updateUser(id: bob.id, accountID: f.accountID, changes: UserChanges(name: "Robert"))
        try await asAdmin.deleteUser(id: bob.id, accountID: f.accountID)

        let created = try #require(try await Self.events(f, action: "user.create", target: bob.id).first)
        #expect(created.actor == AuditActor(type: .user, id: admin.id, name: admin.name, authentication: "session"))
        #expect(created.target == AuditTarget(type: "user", id: bob.id, name: "Bob"))
        #expect(try await f.services.audit.event(id: created.id, accountID: f.accountID) == created)
        #expect(try await f.services.audit.event(id: created.id, accountID: "another") == nil)
        #expect(created.before == nil)
        let after = Self.object(created.after)
        #expect(after["email"] == .string("bob@example.com") && after["role"] == .string("technical_admin"))
        #expect(Set(after.keys) == ["name", "email", "role", "status", "enabled", "sub_account_ids", "all_sub_accounts"])

        let updated = try #require(try await Self.events(f, action: "user.update", target: bob.id).first)
        #expect(updated.before == .object(["name": .string("Bob")]) && updated.after == .object(["name": .string("Robert")]))

        let deleted = try #require(try await Self.events(f, action: "user.delete", target: bob.id).first)
        #expect(Self.object(deleted.after)["status"] == .string("inactive"))
        #expect(Self.object(deleted.before)["status"] != nil)
        // The operator's own writes are the CLI's.
        #expect(try await Self.events(f, action: "user.create", target: admin.id).first?.actor.type == .cli)
        // Nothing about passwords or sign-in: every recorded field is one of the audited ones.
        let all = try await Self.events(f)
        #expect(!all.contains { AuditCanonicalEncoding.json($0.jsonValue).contains("password") })
    }

    @Test func groupsAndMembershipAreRecorded() async throws {
        let f = try await Fixture()
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        let group = try await f.service.createGroup(name: "Editors", accountID: f.accountID)
        _ = try await f.service.updateGroup(id: group.id, accountID: f.accountID, name: "Writers")
        _ = try await f.service.addUser(ann.id, toGroup: group.id, accountID: f.accountID)
        _ = try await f.service.removeUser(ann.id, fromGroup: group.id, accountID: f.accountID)
        _ = try await f.service.addUser(ann.id, toGroup: group.id, accountID: f.accountID)
        try await f.service.deleteGroup(id: group.id, accountID: f.accountID)

        let events = try await Self.events(f, target: group.id).reversed().map { $0 }
        #expect(events.prefix(5).map(\.action) == ["group.create", "group.update", "group.member.add", "group.member.remove", "group.member.add"])
        #expect(events.last?.action == "group.delete")
        #expect(events[0].after == .object(["name": .string("Editors")]))
        #expect(events[1].before == .object(["name": .string("Editors")]) && events[1].after == .object(["name": .string("Writers")]))
        #expect(events[2].after == .object(["user_id": .string(ann.id)]))
        #expect(events[3].before == .object(["user_id": .string(ann.id)]))
        let deleted = try #require(events.last)
        #expect(deleted.target == AuditTarget(type: "group", id: group.id, name: "Writers"))
        #expect(deleted.actor == AuditActor(type: .cli, id: "cli", authentication: "local"))
        #expect(Self.object(deleted.before)["member_ids"] == .array([.string(ann.id)]))
    }

    @Test func rolesAndAssignmentsAreRecorded() async throws {
        let f = try await Fixture()
        let key = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ops")
        let holder = Principal(type: .provisioningKey, id: key.key)
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: Self.masterAdmin, principal: holder, scopeID: nil, parameters: [:])], operation: .add, accountID: f.accountID)
        let asKey = f.services.permissions.acting(as: .principal(holder))
        let role = try await asKey.createRole(
            NewRole(id: "readers", name: "Readers", scopeType: .account, permissionType: .global, systemPolicyIDs: [Self.viewPolicy]),
            accountID: f.accountID)
        _ = try await asKey.updateRole(id: role.id, accountID: f.accountID, changes: RoleChanges(name: "Viewers"))
        let ann = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com"), accountID: f.accountID)
        let grant = RoleGrantRequest(roleID: role.id, principal: Principal(type: .user, id: ann.id), scopeID: nil, parameters: [:])
        try await asKey.changeAssignments([grant], operation: .add, accountID: f.accountID)
        try await asKey.changeAssignments([grant], operation: .remove, accountID: f.accountID)
        try await asKey.changeAssignments([grant], operation: .add, accountID: f.accountID)
        try await asKey.deleteRole(id: role.id, accountID: f.accountID, force: true)

        let keyActor = AuditActor(type: .provisioningKey, id: key.key, name: "ops", authentication: "basic")
        let created = try #require(try await Self.events(f, action: "role.create", target: role.id).first)
        #expect(created.actor == keyActor && created.target == AuditTarget(type: "role", id: "readers", name: "Readers"))
        #expect(Self.object(created.after)["system_policy_ids"] == .array([.string(Self.viewPolicy)]))
        let updated = try #require(try await Self.events(f, action: "role.update", target: role.id).first)
        #expect(updated.before == .object(["name": .string("Readers")]) && updated.after == .object(["name": .string("Viewers")]))

        // Ann's legacy role (Media Library user) is assigned too, by the operator who created her; these are the key's.
        let onAnn = try await Self.events(f, target: ann.id).filter { $0.actor == keyActor }.reversed().map { $0 }
        #expect(onAnn.map(\.action) == ["role.assign", "role.unassign", "role.assign"])
        #expect(onAnn.allSatisfy { $0.target == AuditTarget(type: "user", id: ann.id) })
        let assigned = Self.object(onAnn[0].after)
        #expect(assigned["role_id"] == .string("readers") && assigned["scope_id"] == .null)
        #expect(assigned["principal"] == .object(["type": .string("user"), "id": .string(ann.id)]))
        #expect(onAnn[1].before == onAnn[0].after && onAnn[1].after == nil)

        let deleted = try #require(try await Self.events(f, action: "role.delete", target: role.id).first)
        #expect(deleted.target.name == "Viewers")
        #expect(Self.object(deleted.before)["assignments"] == .array([onAnn[0].after!]))
    }

    @Test func aRefusedWriteLeavesNoEventAndNoChange() async throws {
        let f = try await Fixture()
        let admin = try await f.service.createUser(NewUser(name: "Ann", email: "ann@example.com", role: .admin), accountID: f.accountID)
        let bob = try await f.service.createUser(NewUser(name: "Bob", email: "bob@example.com"), accountID: f.accountID)
        let before = try await Self.events(f)
        let asAdmin = f.services.permissions.acting(as: .principal(Principal(type: .user, id: admin.id)))
        await #expect(throws: GatehouseError.self) {
            try await asAdmin.changeAssignments(
                [RoleGrantRequest(roleID: Self.masterAdmin, principal: Principal(type: .user, id: bob.id), scopeID: nil, parameters: [:])],
                operation: .add, accountID: f.accountID)
        }
        #expect(try await Self.events(f) == before)
        let bobAsPrincipal = Principal(type: .user, id: bob.id)
        #expect(try await f.store.read { try $0.assignments(accountID: f.accountID, roleID: Self.masterAdmin, principal: bobAsPrincipal) }.isEmpty)
        #expect(try await f.services.audit.verify() == .intact(count: before.count))
    }
}
