import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func accessKey(apiKey: String) throws -> AccessKey? {
        try AccessKeyRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM accessKey WHERE apiKey = ? LIMIT 1"), arguments: [apiKey])?.domain
    }

    func provisioningKeys(accountID: String) throws -> [ProvisioningKey] {
        try ProvisioningKeyRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM provisioningKey WHERE accountID = ?"), arguments: [accountID])
            .map { try $0.domain }
    }

    func customRoles(accountID: String) throws -> [Role] {
        try RoleRecord.filter(Column("accountID") == accountID).order(Column("createdAt"), Column("id")).fetchAll(db).map { try $0.domain }
    }

    func customRole(id: String, accountID: String) throws -> Role? {
        try RoleRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM role WHERE accountID = ? AND id = ?"), arguments: [accountID, id])?.domain
    }

    func customRole(named name: String, accountID: String) throws -> Role? {
        try RoleRecord.filter(Column("accountID") == accountID && Column("nameKey") == name.lowercased()).fetchOne(db)?.domain
    }

    func assignments(accountID: String, roleID: String?, principal: Principal?) throws -> [RoleAssignment] {
        // One cached statement per combination of filters: this runs several times in every guarded write.
        var sql = "SELECT * FROM roleAssignment WHERE accountID = ?"
        var arguments: StatementArguments = [accountID]
        if let roleID {
            sql += " AND roleID = ?"
            arguments += [roleID]
        }
        if let principal {
            sql += " AND principalType = ? AND principalID = ?"
            arguments += [principal.type.rawValue, principal.id]
        }
        return try RoleAssignmentRecord.fetchAll(db.cachedStatement(sql: sql + " ORDER BY seq"), arguments: arguments).map { try $0.domain }
    }

    /// The assignments of several users at once (a page of the Console's users table), in one read per 500.
    func assignments(accountID: String, userIDs: [String]) throws -> [RoleAssignment] {
        var result: [RoleAssignment] = []
        for chunk in stride(from: 0, to: userIDs.count, by: 500).map({ Array(userIDs[$0..<min($0 + 500, userIDs.count)]) }) {
            result += try RoleAssignmentRecord
                .filter(Column("accountID") == accountID && Column("principalType") == PrincipalType.user.rawValue)
                .filter(chunk.contains(Column("principalID")))
                .order(Column("seq")).fetchAll(db).map { try $0.domain }
        }
        return result
    }

    func customPolicies(accountID: String) throws -> [CustomPolicy] {
        try CustomPolicyRecord.filter(Column("accountID") == accountID).order(Column("createdAt"), Column("id")).fetchAll(db).map { try $0.domain }
    }

    func customPolicy(id: String, accountID: String) throws -> CustomPolicy? {
        try CustomPolicyRecord.filter(Column("accountID") == accountID && Column("id") == id).fetchOne(db)?.domain
    }

    func insert(_ role: Role) throws { try RoleRecord(role).insert(db) }
    func update(_ role: Role) throws { try RoleRecord(role).update(db) }

    func deleteRole(id: String, accountID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM roleAssignment WHERE accountID = ? AND roleID = ?").execute(arguments: [accountID, id])
        try db.cachedStatement(sql: "DELETE FROM role WHERE accountID = ? AND id = ?").execute(arguments: [accountID, id])
    }

    func insert(_ assignment: RoleAssignment) throws { try RoleAssignmentRecord(assignment).insert(db) }

    func delete(_ assignment: RoleAssignment) throws {
        let r = RoleAssignmentRecord(assignment)
        try db.cachedStatement(sql: """
                DELETE FROM roleAssignment WHERE accountID = ? AND roleID = ? AND principalType = ? AND principalID = ?
                AND scopeID = ? AND instanceKind = ? AND instanceID = ?
                """).execute(arguments: [r.accountID, r.roleID, r.principalType, r.principalID, r.scopeID, r.instanceKind, r.instanceID])
    }

    func deleteAssignments(of principal: Principal, accountID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM roleAssignment WHERE accountID = ? AND principalType = ? AND principalID = ?").execute(arguments: [accountID, principal.type.rawValue, principal.id])
    }

    func insert(_ policy: CustomPolicy) throws { try CustomPolicyRecord(policy).insert(db) }
    func update(_ policy: CustomPolicy) throws { try CustomPolicyRecord(policy).update(db) }

    func deleteCustomPolicy(id: String, accountID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM customPolicy WHERE accountID = ? AND id = ?").execute(arguments: [accountID, id])
    }
}
