import Foundation
import GatehouseCore
import GRDB

extension SQLiteTransaction {
    func accessKey(apiKey: String) throws -> AccessKey? {
        try AccessKeyRecord.filter(Column("apiKey") == apiKey).fetchOne(db)?.domain
    }

    func provisioningKeys(accountID: String) throws -> [ProvisioningKey] {
        try ProvisioningKeyRecord.filter(Column("accountID") == accountID).fetchAll(db).map { try $0.domain }
    }

    func customRoles(accountID: String) throws -> [Role] {
        try RoleRecord.filter(Column("accountID") == accountID).order(Column("createdAt"), Column("id")).fetchAll(db).map { try $0.domain }
    }

    func customRole(id: String, accountID: String) throws -> Role? {
        try RoleRecord.filter(Column("accountID") == accountID && Column("id") == id).fetchOne(db)?.domain
    }

    func customRole(named name: String, accountID: String) throws -> Role? {
        try RoleRecord.filter(Column("accountID") == accountID && Column("nameKey") == name.lowercased()).fetchOne(db)?.domain
    }

    func assignments(accountID: String, roleID: String?, principal: Principal?) throws -> [RoleAssignment] {
        var request = RoleAssignmentRecord.filter(Column("accountID") == accountID)
        if let roleID { request = request.filter(Column("roleID") == roleID) }
        if let principal {
            request = request.filter(Column("principalType") == principal.type.rawValue && Column("principalID") == principal.id)
        }
        return try request.order(Column("seq")).fetchAll(db).map { try $0.domain }
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
        try db.execute(sql: "DELETE FROM roleAssignment WHERE accountID = ? AND roleID = ?", arguments: [accountID, id])
        try db.execute(sql: "DELETE FROM role WHERE accountID = ? AND id = ?", arguments: [accountID, id])
    }

    func insert(_ assignment: RoleAssignment) throws { try RoleAssignmentRecord(assignment).insert(db) }

    func delete(_ assignment: RoleAssignment) throws {
        let r = RoleAssignmentRecord(assignment)
        try db.execute(
            sql: """
                DELETE FROM roleAssignment WHERE accountID = ? AND roleID = ? AND principalType = ? AND principalID = ?
                AND scopeID = ? AND instanceKind = ? AND instanceID = ?
                """,
            arguments: [r.accountID, r.roleID, r.principalType, r.principalID, r.scopeID, r.instanceKind, r.instanceID])
    }

    func deleteAssignments(of principal: Principal, accountID: String) throws {
        try db.execute(
            sql: "DELETE FROM roleAssignment WHERE accountID = ? AND principalType = ? AND principalID = ?",
            arguments: [accountID, principal.type.rawValue, principal.id])
    }

    func insert(_ policy: CustomPolicy) throws { try CustomPolicyRecord(policy).insert(db) }
    func update(_ policy: CustomPolicy) throws { try CustomPolicyRecord(policy).update(db) }

    func deleteCustomPolicy(id: String, accountID: String) throws {
        try db.execute(sql: "DELETE FROM customPolicy WHERE accountID = ? AND id = ?", arguments: [accountID, id])
    }
}
