import Foundation
import GatehouseCore
import GRDB

struct RoleRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "role"
    var id: String
    var accountID: String
    var name: String
    var nameKey: String
    var description: String?
    var scopeType: String
    var permissionType: String
    var policyParameters: [String]
    var systemPolicyIDs: [String]
    var assignableTo: [String]
    var createdAt: Date
    var updatedAt: Date

    init(_ r: Role) {
        id = r.id
        accountID = r.accountID ?? ""
        name = r.name
        nameKey = r.name.lowercased()
        description = r.description
        scopeType = r.scopeType.rawValue
        permissionType = r.permissionType.rawValue
        policyParameters = r.policyParameters.map(\.rawValue)
        systemPolicyIDs = r.systemPolicyIDs
        assignableTo = r.assignableTo.map(\.rawValue)
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }

    var domain: Role {
        get throws {
            let table = Self.databaseTableName
            return Role(
                id: id, accountID: accountID, name: name, description: description, managementType: .custom,
                scopeType: try StoredValue.parse(scopeType, table: table, column: "scopeType"),
                permissionType: try StoredValue.parse(permissionType, table: table, column: "permissionType"),
                policyParameters: try StoredValue.parse(policyParameters, table: table, column: "policyParameters"),
                systemPolicyIDs: systemPolicyIDs,
                assignableTo: try StoredValue.parse(assignableTo, table: table, column: "assignableTo"),
                createdAt: createdAt, updatedAt: updatedAt)
        }
    }
}

struct RoleAssignmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "roleAssignment"
    var accountID: String
    var roleID: String
    var principalType: String
    var principalID: String
    var scopeID: String
    var instanceKind: String
    var instanceID: String
    var source: String
    var createdAt: Date
    var updatedAt: Date

    init(_ a: RoleAssignment) {
        accountID = a.accountID
        roleID = a.roleID
        principalType = a.principal.type.rawValue
        principalID = a.principal.id
        scopeID = a.scopeID ?? ""
        instanceKind = a.instance?.kind.rawValue ?? ""
        instanceID = a.instance?.id ?? ""
        source = a.source.rawValue
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }

    /// Empty `scopeID` / `instanceKind` stand for none (see the v2 migration); any other value must parse.
    var domain: RoleAssignment {
        get throws {
            let table = Self.databaseTableName
            let type: PrincipalType = try StoredValue.parse(principalType, table: table, column: "principalType")
            let kind: PolicyParameterKind? = instanceKind.isEmpty
                ? nil : try StoredValue.parse(instanceKind, table: table, column: "instanceKind")
            return RoleAssignment(
                accountID: accountID, roleID: roleID, principal: Principal(type: type, id: principalID),
                scopeID: scopeID.isEmpty ? nil : scopeID,
                instance: kind.map { ContentInstance(kind: $0, id: instanceID) },
                source: try StoredValue.parse(source, table: table, column: "source"), createdAt: createdAt, updatedAt: updatedAt)
        }
    }
}

struct CustomPolicyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "customPolicy"
    var id: String
    var accountID: String
    var name: String
    var description: String?
    var statement: String
    var scopeType: String
    var scopeID: String?
    var enabled: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ p: CustomPolicy) {
        id = p.id
        accountID = p.accountID
        name = p.name
        description = p.description
        statement = p.statement
        scopeType = p.scopeType.rawValue
        scopeID = p.scopeID
        enabled = p.enabled
        createdAt = p.createdAt
        updatedAt = p.updatedAt
    }

    var domain: CustomPolicy {
        get throws {
            CustomPolicy(
                id: id, accountID: accountID, name: name, description: description, statement: statement,
                scopeType: try StoredValue.parse(scopeType, table: Self.databaseTableName, column: "scopeType"), scopeID: scopeID,
                enabled: enabled, createdAt: createdAt, updatedAt: updatedAt)
        }
    }
}
