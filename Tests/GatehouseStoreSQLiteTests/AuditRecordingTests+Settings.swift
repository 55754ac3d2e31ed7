import Foundation
import GatehouseCore
import Testing

/// Environments, their API keys, provisioning keys, custom policies and the account's settings are recorded
/// like users and roles: actor, target, what changed; and never a secret, its salt or its hash.
@Suite struct AuditSettingsRecordingTests {
    typealias A = AuditRecordingTests

    /// Services acting as a new provisioning key holding account Master Admin.
    static func masterAdminKey(_ f: Fixture) async throws -> (key: AccountCredentials, actor: AuditActor) {
        let key = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ops")
        try await f.permissions.changeAssignments(
            [RoleGrantRequest(roleID: A.masterAdmin, principal: Principal(type: .provisioningKey, id: key.key), scopeID: nil, parameters: [:])],
            operation: .add, accountID: f.accountID)
        return (key, AuditActor(type: .provisioningKey, id: key.key, name: "ops", authentication: "basic"))
    }

    static func caller(_ key: AccountCredentials) -> Caller { .principal(Principal(type: .provisioningKey, id: key.key)) }

    /// The before and after of every event, as JSON, contain none of the secrets.
    static func expectNoSecret(_ f: Fixture, _ secrets: [String]) async throws {
        let texts = try await A.events(f).flatMap { [$0.before, $0.after].compactMap { $0.map(AuditCanonicalEncoding.json) } }
        #expect(!texts.isEmpty)
        for secret in secrets { #expect(!texts.contains { $0.contains(secret) }, "secret \(secret) in an event") }
        #expect(!texts.contains { $0.contains("secret") || $0.contains("hash") || $0.contains("salt") })
    }

    @Test func theAccountsCreationIsRecordedByTheOperator() async throws {
        let f = try await Fixture()
        let created = try #require(try await A.events(f, action: "account.create", target: f.accountID).first)
        #expect(created.actor == AuditActor(type: .cli, id: "cli", authentication: "local"))
        #expect(created.target == AuditTarget(type: "account", id: f.accountID, name: "Test"))
        #expect(A.object(created.after)["name"] == .string("Test") && A.object(created.after)["require_two_factor"] == .bool(false))
    }

    @Test func environmentsAndTheirAPIKeysAreRecordedWithoutSecrets() async throws {
        let f = try await Fixture()
        let (key, actor) = try await Self.masterAdminKey(f)
        let asKey = f.services.provisioning.acting(as: Self.caller(key))
        let (env, createdKeys) = try await asKey.createEnvironment(
            NewEnvironment(name: "Staging", cloudName: "staging-cloud"), accountID: f.accountID)
        _ = try await asKey.updateEnvironment(id: env.id, accountID: f.accountID, changes: EnvironmentChanges(name: "Stage", enabled: false))
        let apiKey = try await asKey.generateAccessKey(subAccountID: env.id, accountID: f.accountID, name: "deploy", enabled: true)
        _ = try await asKey.updateAccessKey(
            apiKey.apiKey, subAccountID: env.id, accountID: f.accountID, changes: AccessKeyChanges(name: "hooks", dedicatedForWebhooks: true))
        try await asKey.deleteAccessKey(apiKey.apiKey, subAccountID: env.id, accountID: f.accountID)
        let reporter = try await f.service.createUser(NewUser(name: "Rae", email: "rae@example.com"), accountID: f.accountID)
        let scoped = RoleGrantRequest(
            roleID: "cld::role::prodenv::reports", principal: Principal(type: .user, id: reporter.id), scopeID: env.id, parameters: [:])
        let asKeyPermissions = f.services.permissions.acting(as: Self.caller(key))
        try await asKeyPermissions.changeAssignments([scoped], operation: .add, accountID: f.accountID)
        let statement = #"forbid(principal == Cloudinary::APIKey::"123456789012345", action, resource is Cloudinary::Folder);"#
        let policy = try await asKeyPermissions.createCustomPolicy(
            CustomPolicyInput(name: "No folders here", description: nil, statement: statement, scopeType: .prodenv, scopeID: env.id, enabled: true),
            accountID: f.accountID)
        try await asKey.deleteEnvironment(id: env.id, accountID: f.accountID)

        let created = try #require(try await A.events(f, action: "environment.create", target: env.id).first)
        #expect(created.actor == actor && created.target == AuditTarget(type: "environment", id: env.id, name: "Staging"))
        #expect(created.before == nil)
        #expect(created.after == .object(["name": .string("Staging"), "cloud_name": .string("staging-cloud"), "enabled": .bool(true)]))
        let updated = try #require(try await A.events(f, action: "environment.update", target: env.id).first)
        #expect(updated.actor == actor && updated.target.name == "Stage")
        #expect(updated.before == .object(["name": .string("Staging"), "enabled": .bool(true)]))
        #expect(updated.after == .object(["name": .string("Stage"), "enabled": .bool(false)]))
        let deleted = try #require(try await A.events(f, action: "environment.delete", target: env.id).first)
        #expect(deleted.actor == actor && deleted.after == nil)
        #expect(A.object(deleted.before)["cloud_name"] == .string("staging-cloud") && A.object(deleted.before)["enabled"] == .bool(false))
        // The role scoped to the environment and its custom policy went with it, and the log says so.
        let unassigned = try #require(try await A.events(f, action: "role.unassign", target: reporter.id).first)
        #expect(A.object(unassigned.before)["scope_id"] == .string(env.id) && unassigned.actor == actor)
        let policies = try #require(A.object(deleted.before)["policies"]?.arrayValue)
        #expect(policies.count == 1 && policies.first?.objectValue?["id"] == .string(policy.id))

        let keyCreated = try #require(try await A.events(f, action: "api_key.create", target: apiKey.apiKey).first)
        #expect(keyCreated.actor == actor && keyCreated.target == AuditTarget(type: "api_key", id: apiKey.apiKey, name: "deploy"))
        #expect(keyCreated.after == .object(["name": .string("deploy"), "enabled": .bool(true), "dedicated_for_webhooks": .bool(false)]))
        let keyUpdated = try #require(try await A.events(f, action: "api_key.update", target: apiKey.apiKey).first)
        #expect(keyUpdated.before == .object(["name": .string("deploy"), "dedicated_for_webhooks": .bool(false)]))
        #expect(keyUpdated.after == .object(["name": .string("hooks"), "dedicated_for_webhooks": .bool(true)]))
        let keyDeleted = try #require(try await A.events(f, action: "api_key.delete", target: apiKey.apiKey).first)
        #expect(keyDeleted.actor == actor && keyDeleted.target.name == "hooks" && keyDeleted.after == nil)
        #expect(A.object(keyDeleted.before)["dedicated_for_webhooks"] == .bool(true))
        // The environment's first key is recorded too.
        for first in createdKeys { #expect(try await !A.events(f, action: "api_key.create", target: first.apiKey).isEmpty) }

        try await Self.expectNoSecret(f, [apiKey.apiSecret, key.secret] + createdKeys.map(\.apiSecret))
        #expect(try await f.services.audit.verify() == .intact(count: try await A.events(f).count))
    }

    @Test func provisioningKeysAreRecordedWithoutTheirSecret() async throws {
        let f = try await Fixture()
        let (admin, actor) = try await Self.masterAdminKey(f)
        let other = try await f.accounts.createProvisioningKey(accountID: f.accountID, name: "ci")
        try await f.services.accounts.acting(as: Self.caller(admin)).revokeProvisioningKey(other.key, accountID: f.accountID)

        let created = try #require(try await A.events(f, action: "provisioning_key.create", target: other.key).first)
        #expect(created.actor == AuditActor(type: .cli, id: "cli", authentication: "local"))
        #expect(created.target == AuditTarget(type: "provisioning_key", id: other.key, name: "ci"))
        #expect(created.before == nil && created.after == .object(["name": .string("ci"), "enabled": .bool(true)]))
        let revoked = try #require(try await A.events(f, action: "provisioning_key.revoke", target: other.key).first)
        #expect(revoked.actor == actor && revoked.target == AuditTarget(type: "provisioning_key", id: other.key, name: "ci"))
        #expect(revoked.before == .object(["name": .string("ci"), "enabled": .bool(true)]) && revoked.after == nil)

        try await Self.expectNoSecret(f, [admin.secret, other.secret, f.credentials.secret])
    }

    @Test func customPoliciesAreRecorded() async throws {
        let f = try await Fixture()
        let (key, actor) = try await Self.masterAdminKey(f)
        let asKey = f.services.permissions.acting(as: Self.caller(key))
        let statement = #"forbid(principal == Cloudinary::APIKey::"123456789012345", action, resource is Cloudinary::Folder);"#
        let policy = try await asKey.createCustomPolicy(
            CustomPolicyInput(name: "No folders", description: nil, statement: statement, scopeType: .account, scopeID: nil, enabled: true),
            accountID: f.accountID)
        _ = try await asKey.replaceCustomPolicy(
            id: policy.id,
            with: CustomPolicyInput(name: "No folders", description: nil, statement: statement, scopeType: .account, scopeID: nil, enabled: false),
            accountID: f.accountID)
        try await asKey.deleteCustomPolicy(id: policy.id, accountID: f.accountID)

        let created = try #require(try await A.events(f, action: "policy.create", target: policy.id).first)
        #expect(created.actor == actor && created.target == AuditTarget(type: "policy", id: policy.id, name: "No folders"))
        #expect(created.after == .object([
            "name": .string("No folders"), "statement": .string(policy.statement), "scope_type": .string("account"),
            "scope_id": .null, "enabled": .bool(true),
        ]))
        let updated = try #require(try await A.events(f, action: "policy.update", target: policy.id).first)
        #expect(updated.actor == actor && updated.before == .object(["enabled": .bool(true)]) && updated.after == .object(["enabled": .bool(false)]))
        let deleted = try #require(try await A.events(f, action: "policy.delete", target: policy.id).first)
        #expect(deleted.actor == actor && deleted.after == nil)
        #expect(A.object(deleted.before)["statement"] == .string(policy.statement) && A.object(deleted.before)["enabled"] == .bool(false))
    }

    @Test func theAccountsSeatsAndTwoFactorRequirementAreRecorded() async throws {
        let f = try await Fixture()
        let (key, actor) = try await Self.masterAdminKey(f)
        let asKey = f.services.accounts.acting(as: Self.caller(key))
        _ = try await f.accounts.setSeats(accountID: f.accountID, planUserLimit: 50, additionalUserSubscriptions: nil)
        _ = try await asKey.setSeats(accountID: f.accountID, planUserLimit: nil, additionalUserSubscriptions: 5)
        _ = try await asKey.setRequireTwoFactor(accountID: f.accountID, required: true)

        let events = try await A.events(f, action: "account.update", target: f.accountID)
        #expect(events.allSatisfy { $0.target == AuditTarget(type: "account", id: f.accountID, name: "Test") })
        #expect(events.count >= 3)
        let (plan, seats, twoFactor) = (events[2], events[1], events[0])
        #expect(plan.actor == AuditActor(type: .cli, id: "cli", authentication: "local"))
        #expect(plan.before == .object(["plan_user_limit": .integer(100)]) && plan.after == .object(["plan_user_limit": .integer(50)]))
        #expect(seats.actor == actor)
        #expect(seats.before == .object(["additional_user_subscriptions": .integer(0)]))
        #expect(seats.after == .object(["additional_user_subscriptions": .integer(5)]))
        #expect(twoFactor.actor == actor)
        #expect(twoFactor.before == .object(["require_two_factor": .bool(false)]) && twoFactor.after == .object(["require_two_factor": .bool(true)]))
        // A write that changes nothing audited records nothing.
        _ = try await asKey.setRequireTwoFactor(accountID: f.accountID, required: true)
        #expect(try await A.events(f, action: "account.update", target: f.accountID).count == events.count)
    }
}
