import Foundation

extension PermissionsService {
    public func customPolicies(accountID: String, scopeType: ScopeType, scopeID: String?, enabled: Bool?) async throws -> [CustomPolicy] {
        try await store.read { db in
            try db.customPolicies(accountID: accountID).filter {
                $0.scopeType == scopeType && (scopeID == nil || $0.scopeID == scopeID) && (enabled == nil || $0.enabled == enabled)
            }
        }
    }

    public func customPolicy(id: String, accountID: String) async throws -> CustomPolicy {
        try await store.read { db in try self.requirePolicy(id, accountID: accountID, in: db) }
    }

    public func createCustomPolicy(_ input: CustomPolicyInput, accountID: String) async throws -> CustomPolicy {
        let checked = try await check(input)
        let timestamp = now()
        let id = ids.hex(24)
        return try await store.write(accountID: accountID) { db in
            try self.checkScopeID(checked.scopeID, accountID: accountID, in: db)
            try self.ensureStatementFree(checked, accountID: accountID, exceptID: nil, in: db)
            let policy = CustomPolicy(
                id: id, accountID: accountID, name: checked.name, description: checked.description, statement: checked.statement,
                scopeType: checked.scopeType, scopeID: checked.scopeID, enabled: checked.enabled, createdAt: timestamp, updatedAt: timestamp)
            try db.insert(policy)
            return policy
        }
    }

    /// Full replacement; a statement identical to the stored one is a conflict, as Cloudinary answers.
    public func replaceCustomPolicy(id: String, with input: CustomPolicyInput, accountID: String) async throws -> CustomPolicy {
        let checked = try await check(input)
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            var policy = try self.requirePolicy(id, accountID: accountID, in: db)
            try self.checkScopeID(checked.scopeID, accountID: accountID, in: db)
            if CustomPolicyRules.sameStatement(policy.statement, checked.statement) && policy.scopeType == checked.scopeType
                && policy.scopeID == checked.scopeID && policy.name == checked.name && policy.description == checked.description
                && policy.enabled == checked.enabled {
                throw GatehouseError.conflict("The policy already has this statement and values")
            }
            try self.ensureStatementFree(checked, accountID: accountID, exceptID: id, in: db)
            policy.name = checked.name
            policy.description = checked.description
            policy.statement = checked.statement
            policy.scopeType = checked.scopeType
            policy.scopeID = checked.scopeID
            policy.enabled = checked.enabled
            policy.updatedAt = timestamp
            try db.update(policy)
            return policy
        }
    }

    public func deleteCustomPolicy(id: String, accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            _ = try self.requirePolicy(id, accountID: accountID, in: db)
            try db.deleteCustomPolicy(id: id, accountID: accountID)
        }
    }

    /// Shape, scope and Cedar checks that need no store.
    func check(_ input: CustomPolicyInput) async throws -> CustomPolicyInput {
        var checked = input
        checked.name = try FieldRules.name(input.name)
        checked.description = try input.description.map { try FieldRules.name($0, field: "description") }
        try CustomPolicyRules.ensureStatementSize(input.statement)
        checked.scopeID = try CustomPolicyRules.scopeID(input.scopeType, requested: input.scopeID)
        let problems = try await checker.problems(in: input.statement)
        if !problems.isEmpty { throw InvalidStatement(statement: input.statement, problems: problems) }
        return checked
    }

    func ensureStatementFree(_ input: CustomPolicyInput, accountID: String, exceptID: String?, in db: any StoreReader) throws {
        let clash = try db.customPolicies(accountID: accountID).contains {
            $0.id != exceptID && $0.scopeType == input.scopeType && $0.scopeID == input.scopeID
                && CustomPolicyRules.sameStatement($0.statement, input.statement)
        }
        if clash { throw GatehouseError.conflict("A policy with this statement already exists for the scope") }
    }

    func requirePolicy(_ id: String, accountID: String, in db: any StoreReader) throws -> CustomPolicy {
        guard let policy = try db.customPolicy(id: id, accountID: accountID) else { throw GatehouseError.notFound(kind: .policy, id: id) }
        return policy
    }
}

/// A policy statement that does not parse or validate; carries every problem for the error response.
public struct InvalidStatement: Error, Sendable {
    public var statement: String
    public var problems: [StatementProblem]
}
