import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    // MARK: Custom roles

    func customRoles(accountID: String) throws -> [Role] {
        try rows("SELECT * FROM role WHERE accountID = \(accountID) ORDER BY createdAt, id").map(Self.role)
    }

    func customRole(id: String, accountID: String) throws -> Role? {
        try row("SELECT * FROM role WHERE accountID = \(accountID) AND id = \(id)").map(Self.role)
    }

    /// Names compare without case: `nameKey` holds the name lowercased, as the SQLite store keeps it.
    func customRole(named name: String, accountID: String) throws -> Role? {
        try row("SELECT * FROM role WHERE accountID = \(accountID) AND nameKey = \(name.lowercased())").map(Self.role)
    }

    func insert(_ role: Role) throws {
        try execute("""
            INSERT INTO role (id, accountID, name, nameKey, description, scopeType, permissionType, policyParameters,
                systemPolicyIDs, assignableTo, createdAt, updatedAt)
            VALUES (\(role.id), \(role.accountID ?? ""), \(role.name), \(role.name.lowercased()), \(role.description),
                \(role.scopeType.rawValue), \(role.permissionType.rawValue), \(role.policyParameters.map(\.rawValue)),
                \(role.systemPolicyIDs), \(role.assignableTo.map(\.rawValue)), \(role.createdAt), \(role.updatedAt))
            """)
    }

    func update(_ role: Role) throws {
        try execute("""
            UPDATE role SET name = \(role.name), nameKey = \(role.name.lowercased()), description = \(role.description),
                scopeType = \(role.scopeType.rawValue), permissionType = \(role.permissionType.rawValue),
                policyParameters = \(role.policyParameters.map(\.rawValue)), systemPolicyIDs = \(role.systemPolicyIDs),
                assignableTo = \(role.assignableTo.map(\.rawValue)), createdAt = \(role.createdAt), updatedAt = \(role.updatedAt)
            WHERE accountID = \(role.accountID ?? "") AND id = \(role.id)
            """)
    }

    /// The role and its assignments go in one statement: no assignment can outlive its role.
    func deleteRole(id: String, accountID: String) throws {
        try execute("""
            WITH assignments AS (DELETE FROM roleAssignment WHERE accountID = \(accountID) AND roleID = \(id))
            DELETE FROM role WHERE accountID = \(accountID) AND id = \(id)
            """)
    }

    private static func role(_ row: Row) throws -> Role {
        let table = "role"
        return Role(
            id: try row.value("id"), accountID: try row.value("accountID"), name: try row.value("name"),
            description: try row.value("description"), managementType: .custom,
            scopeType: try row.value("scopeType", table: table), permissionType: try row.value("permissionType", table: table),
            policyParameters: try StoredValue.parse(try row.value("policyParameters", as: [String].self), table: table, column: "policyParameters"),
            systemPolicyIDs: try row.value("systemPolicyIDs"),
            assignableTo: try StoredValue.parse(try row.value("assignableTo", as: [String].self), table: table, column: "assignableTo"),
            createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }

    // MARK: Role assignments

    /// In the order they were made (`seq`), as the SQLite store lists them.
    func assignments(accountID: String, roleID: String?, principal: Principal?) throws -> [RoleAssignment] {
        // NULL parameters switch a filter off; the planner still sees the account prefix of both indexes.
        try rows("""
            SELECT * FROM roleAssignment WHERE accountID = \(accountID)
                AND (\(roleID)::text IS NULL OR roleID = \(roleID))
                AND (\(principal?.type.rawValue)::text IS NULL OR (principalType = \(principal?.type.rawValue) AND principalID = \(principal?.id)))
            ORDER BY seq
            """).map(Self.assignment)
    }

    func assignments(accountID: String, userIDs: [String]) throws -> [RoleAssignment] {
        if userIDs.isEmpty { return [] }
        return try rows("""
            SELECT * FROM roleAssignment
            WHERE accountID = \(accountID) AND principalType = \(PrincipalType.user.rawValue) AND principalID = ANY(\(userIDs))
            ORDER BY seq
            """).map(Self.assignment)
    }

    func insert(_ assignment: RoleAssignment) throws {
        try execute("""
            INSERT INTO roleAssignment (accountID, roleID, principalType, principalID, scopeID, instanceKind, instanceID, source,
                createdAt, updatedAt)
            VALUES (\(assignment.accountID), \(assignment.roleID), \(assignment.principal.type.rawValue), \(assignment.principal.id),
                \(assignment.scopeID ?? ""), \(assignment.instance?.kind.rawValue ?? ""), \(assignment.instance?.id ?? ""),
                \(assignment.source.rawValue), \(assignment.createdAt), \(assignment.updatedAt))
            """)
    }

    func delete(_ assignment: RoleAssignment) throws {
        try execute("""
            DELETE FROM roleAssignment
            WHERE accountID = \(assignment.accountID) AND roleID = \(assignment.roleID)
                AND principalType = \(assignment.principal.type.rawValue) AND principalID = \(assignment.principal.id)
                AND scopeID = \(assignment.scopeID ?? "") AND instanceKind = \(assignment.instance?.kind.rawValue ?? "")
                AND instanceID = \(assignment.instance?.id ?? "")
            """)
    }

    func deleteAssignments(of principal: Principal, accountID: String) throws {
        try execute("""
            DELETE FROM roleAssignment
            WHERE accountID = \(accountID) AND principalType = \(principal.type.rawValue) AND principalID = \(principal.id)
            """)
    }

    /// Empty `scopeID` / `instanceKind` stand for none (see the schema); any other value must parse.
    private static func assignment(_ row: Row) throws -> RoleAssignment {
        let table = "roleAssignment"
        let type: PrincipalType = try row.value("principalType", table: table)
        let instanceKind = try row.value("instanceKind", as: String.self)
        let kind: PolicyParameterKind? =
            instanceKind.isEmpty ? nil : try StoredValue.parse(instanceKind, table: table, column: "instanceKind")
        let scopeID = try row.value("scopeID", as: String.self)
        let instanceID = try row.value("instanceID", as: String.self)
        return RoleAssignment(
            accountID: try row.value("accountID"), roleID: try row.value("roleID"),
            principal: Principal(type: type, id: try row.value("principalID")),
            scopeID: scopeID.isEmpty ? nil : scopeID, instance: kind.map { ContentInstance(kind: $0, id: instanceID) },
            source: try row.value("source", table: table), createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }

    // MARK: Custom policies

    func customPolicies(accountID: String) throws -> [CustomPolicy] {
        try rows("SELECT * FROM customPolicy WHERE accountID = \(accountID) ORDER BY createdAt, id").map(Self.customPolicy)
    }

    func customPolicy(id: String, accountID: String) throws -> CustomPolicy? {
        try row("SELECT * FROM customPolicy WHERE accountID = \(accountID) AND id = \(id)").map(Self.customPolicy)
    }

    func insert(_ policy: CustomPolicy) throws {
        try execute("""
            INSERT INTO customPolicy (id, accountID, name, description, statement, scopeType, scopeID, enabled, createdAt, updatedAt)
            VALUES (\(policy.id), \(policy.accountID), \(policy.name), \(policy.description), \(policy.statement),
                \(policy.scopeType.rawValue), \(policy.scopeID), \(policy.enabled), \(policy.createdAt), \(policy.updatedAt))
            """)
    }

    func update(_ policy: CustomPolicy) throws {
        try execute("""
            UPDATE customPolicy SET accountID = \(policy.accountID), name = \(policy.name), description = \(policy.description),
                statement = \(policy.statement), scopeType = \(policy.scopeType.rawValue), scopeID = \(policy.scopeID),
                enabled = \(policy.enabled), createdAt = \(policy.createdAt), updatedAt = \(policy.updatedAt)
            WHERE id = \(policy.id)
            """)
    }

    func deleteCustomPolicy(id: String, accountID: String) throws {
        try execute("DELETE FROM customPolicy WHERE accountID = \(accountID) AND id = \(id)")
    }

    private static func customPolicy(_ row: Row) throws -> CustomPolicy {
        CustomPolicy(
            id: try row.value("id"), accountID: try row.value("accountID"), name: try row.value("name"),
            description: try row.value("description"), statement: try row.value("statement"),
            scopeType: try row.value("scopeType", table: "customPolicy"), scopeID: try row.value("scopeID"),
            enabled: try row.value("enabled"), createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }
}
