import Foundation
import GatehouseCore
import GatehouseStoreSQLite
import Testing

/// A row whose enum-valued column holds a value this version does not know fails loudly on read, naming
/// table, column and value, instead of turning into a default (a role, a status, a scope) it never had.
@Suite struct StoredValueTests {
    /// One damaged column: the SQL that damages it (the row exists after `seed`) and the read that must fail.
    struct Damage: Sendable, CustomTestStringConvertible {
        var table: String
        var column: String
        var value: String
        var sql: String
        var read: @Sendable (any StoreReader, String) throws -> Void

        var testDescription: String { "\(table).\(column) = \(value)" }
    }

    static let damages: [Damage] = [
        Damage(table: "user", column: "role", value: "overlord", sql: "UPDATE user SET role = 'overlord'") { db, account in
            _ = try db.users(UserQuery(accountID: account))
        },
        Damage(table: "user", column: "status", value: "zombie", sql: "UPDATE user SET status = 'zombie'") { db, account in
            _ = try db.users(UserQuery(accountID: account))
        },
        Damage(table: "role", column: "scopeType", value: "galaxy", sql: "UPDATE role SET scopeType = 'galaxy'") { db, account in
            _ = try db.customRoles(accountID: account)
        },
        Damage(table: "role", column: "permissionType", value: "total", sql: "UPDATE role SET permissionType = 'total'") { db, account in
            _ = try db.customRoles(accountID: account)
        },
        Damage(table: "role", column: "policyParameters", value: "asset_id",
               sql: #"UPDATE role SET policyParameters = '["asset_id"]'"#) { db, account in
            _ = try db.customRole(id: "custom-1", accountID: account)
        },
        Damage(table: "role", column: "assignableTo", value: "robot", sql: #"UPDATE role SET assignableTo = '["user","robot"]'"#) { db, account in
            _ = try db.customRoles(accountID: account)
        },
        Damage(table: "roleAssignment", column: "principalType", value: "robot",
               sql: "UPDATE roleAssignment SET principalType = 'robot'") { db, account in
            _ = try db.assignments(accountID: account, roleID: nil, principal: nil)
        },
        Damage(table: "roleAssignment", column: "source", value: "magic", sql: "UPDATE roleAssignment SET source = 'magic'") { db, account in
            _ = try db.assignments(accountID: account, roleID: nil, principal: nil)
        },
        Damage(table: "roleAssignment", column: "instanceKind", value: "asset_id",
               sql: "UPDATE roleAssignment SET instanceKind = 'asset_id', instanceID = 'x'") { db, account in
            _ = try db.assignments(accountID: account, roleID: nil, principal: nil)
        },
        Damage(table: "customPolicy", column: "scopeType", value: "galaxy", sql: "UPDATE customPolicy SET scopeType = 'galaxy'") { db, account in
            _ = try db.customPolicies(accountID: account)
        },
        Damage(table: "collection", column: "createdByType", value: "robot", sql: "UPDATE collection SET createdByType = 'robot'") { db, _ in
            _ = try db.collection(externalID: "col-1", environmentID: try #require(try db.environment(cloudName: "stored-values")).id)
        },
    ]

    @Test(arguments: damages) func unknownStoredValueFailsNamingTableColumnAndValue(_ damage: Damage) async throws {
        let f = try await Fixture()
        try await Self.seed(f)
        try await Self.damage(f, damage.sql)
        let account = f.accountID
        do {
            try await f.store.read { db in try damage.read(db, account) }
            Issue.record("reading \(damage.table).\(damage.column) = \(damage.value) did not fail")
        } catch let error as GatehouseError {
            guard case .corruptData(let message) = error else {
                Issue.record("expected corruptData, got \(error)")
                return
            }
            // PostgreSQL's user table is `users` (USER is reserved there).
            let table = f.database.isPostgres && damage.table == "user" ? "users" : damage.table
            #expect(message.contains("\(table).\(damage.column)"), "\(message)")
            #expect(message.contains(damage.value), "\(message)")
        }
    }

    @Test func intactRowsReadBack() async throws {
        let f = try await Fixture()
        try await Self.seed(f)
        let account = f.accountID
        let (roles, policies, assignments) = try await f.store.read { db in
            (try db.customRoles(accountID: account), try db.customPolicies(accountID: account),
             try db.assignments(accountID: account, roleID: nil, principal: nil))
        }
        #expect(roles.map(\.assignableTo) == [[.user, .group]])
        #expect(roles.map(\.policyParameters) == [[.folderID]])
        #expect(policies.map(\.scopeType) == [.account])
        #expect(assignments.contains { $0.instance == ContentInstance(kind: .folderID, id: "f-1") })
    }

    /// A custom role, an assignment of it on a folder, a custom policy, and a collection with a creator.
    static func seed(_ f: Fixture) async throws {
        let (env, _) = try await f.service.createEnvironment(NewEnvironment(name: "Stored", cloudName: "stored-values"), accountID: f.accountID)
        let root = try #require(try await f.allUsers().first)
        let now = Date()
        let account = f.accountID
        try await f.store.write { db in
            try db.insert(Role(
                id: "custom-1", accountID: account, name: "Custom", description: nil, managementType: .custom, scopeType: .prodenv,
                permissionType: .content, policyParameters: [.folderID], systemPolicyIDs: ["cld::policy::content::folder::view"],
                assignableTo: [.user, .group], createdAt: now, updatedAt: now))
            try db.insert(RoleAssignment(
                accountID: account, roleID: "custom-1", principal: Principal(type: .user, id: root.id), scopeID: env.id,
                instance: ContentInstance(kind: .folderID, id: "f-1"), source: .explicit, createdAt: now, updatedAt: now))
            try db.insert(CustomPolicy(
                id: "policy-1", accountID: account, name: "P", description: nil,
                statement: "permit(principal, action, resource);", scopeType: .account, scopeID: nil, enabled: true,
                createdAt: now, updatedAt: now))
            try db.insert(AssetCollection(
                externalID: "col-1", environmentID: env.id, name: "C", createdBy: Principal(type: .user, id: root.id),
                createdAt: now, updatedAt: now))
        }
    }

    /// Raw SQL on the store's data, as a damaged or foreign write would leave it. PostgreSQL's user table is
    /// `users` and its list columns are arrays.
    static func damage(_ f: Fixture, _ sql: String) async throws {
        var postgres = sql.replacingOccurrences(of: "UPDATE user ", with: "UPDATE users ")
        if let range = postgres.range(of: #"'\[(.*)\]'"#, options: .regularExpression) {
            let items = postgres[range].dropFirst(2).dropLast(2).split(separator: ",").map { "'" + $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) + "'" }
            postgres.replaceSubrange(range, with: "ARRAY[\(items.joined(separator: ", "))]")
        }
        try await f.database.execute(sqlite: sql, postgres: postgres)
    }
}
