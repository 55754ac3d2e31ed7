import Cedar
import Foundation

extension DecisionService {
    /// Gathers what the principal holds in the scope (directly, through its groups, and hypothetically) and
    /// compiles it into one policy set, remembering for each policy the path it came through.
    func compileGrants(
        of principal: Principal, scopeID: String?, whatIf: [RoleGrantRequest], accountID: String, stamp: Int64,
        in db: any StoreReader
    ) throws -> CompiledGrants {
        _ = try permissions.checkPrincipalForRead(principal, accountID: accountID, in: db)
        if let scopeID {
            guard scopeID != allProductEnvironments else {
                throw GatehouseError.invalidField(field: "scope_id", reason: "must name one product environment for a check")
            }
            try permissions.checkScopeID(scopeID, accountID: accountID, in: db)
        }
        let filter = ScopeFilter(scopeType: scopeID == nil ? .account : .prodenv, scopeID: scopeID)
        var compiled = CompiledGrants(stamp: stamp)

        var held = try permissions.effectiveRoles(of: principal, accountID: accountID, filter: filter, in: db)
        var hypothetical = Set<Int>()
        for grant in whatIf {
            var grant = grant
            grant.principal = principal
            let assignment = try permissions.resolve(grant, accountID: accountID, at: Date(), in: db)
            let role = try permissions.role(assignment.roleID, accountID: accountID, in: db)
            guard filter.matches(assignment, role: role) else {
                compiled.notes.append("what_if role \(role.id) is not in the scope of this check")
                continue
            }
            hypothetical.insert(held.count)
            held.append(HeldRole(role: role, assignment: assignment, viaGroup: nil))
        }
        let user = principal.type == .user ? try db.user(id: principal.id, accountID: accountID) : nil
        held = try applicable(held, to: principal, user: user, scopeID: scopeID, notes: &compiled.notes, in: db)

        let principalStep = CheckResult.Step(kind: .principal, id: principal.id, name: principal.type.rawValue)
        for (i, h) in held.enumerated() {
            var path = [principalStep]
            if let group = h.viaGroup { path.append(.init(kind: .group, id: group.id, name: group.name)) }
            path.append(.init(
                kind: .role, id: h.role.id, name: h.role.name, scopeID: h.assignment.scopeID, instance: h.assignment.instance,
                hypothetical: hypothetical.contains(i), source: hypothetical.contains(i) ? nil : h.assignment.source))
            for (j, policy) in try permissions.policies(of: h.role).enumerated() {
                try add(
                    statements.policies(of: policy, instance: h.assignment.instance), prefix: "r\(i).p\(j)", principal: principal,
                    to: &compiled, path: path + [.init(kind: .systemPolicy, id: policy.id, name: policy.name)])
            }
        }
        // The owner always stays an account Master Admin (security rule 3): no custom `forbid` reaches it.
        let isOwner = user?.root == true
        for (i, custom) in try customPolicies(scopeID: scopeID, accountID: accountID, in: db).enumerated() {
            var parsed = try statements.policies(custom.statement)
            if isOwner, parsed.contains(where: { $0.effect == .forbid }) {
                parsed.removeAll { $0.effect == .forbid }
                compiled.notes.append("custom policy \(custom.id) forbids, and no forbid applies to the account owner")
            }
            try add(
                parsed, prefix: "c\(i)", principal: principal, to: &compiled,
                path: [principalStep, .init(kind: .customPolicy, id: custom.id, name: custom.name, scopeID: custom.scopeID)])
        }

        let uid = CedarBridge.uid(principal)
        if principal.type == .user {
            let groups = try db.groups(ofUser: principal.id).map { CedarBridge.uid(Principal(type: .group, id: $0.id)) }
            compiled.principalEntities = [Entity(uid: uid, attributes: ["root": .bool(user?.root ?? false)], parents: Set(groups))]
                + groups.map { Entity(uid: $0) }
        } else {
            compiled.principalEntities = [Entity(uid: uid)]
        }
        return compiled
    }

    /// Drops grants that cannot act here, saying why: a user without access to the environment gets nothing
    /// from prodenv roles; an API key acts only in its own environment.
    func applicable(
        _ held: [HeldRole], to principal: Principal, user: User?, scopeID: String?, notes: inout [String], in db: any StoreReader
    ) throws -> [HeldRole] {
        guard let env = scopeID else { return held }
        switch principal.type {
        case .user:
            if let user, !EnvironmentAccessRule.reaches(user, environmentID: env) {
                if !held.isEmpty { notes.append("user \(user.id) has no access to product environment \(env), so its roles there grant nothing") }
                return []
            }
        case .apiKey:
            if let key = try db.accessKey(apiKey: principal.id), key.subAccountID != env {
                notes.append("API key \(key.apiKey) belongs to product environment \(key.subAccountID), not \(env)")
                return []
            }
        case .group, .provisioningKey:
            break
        }
        return held
    }

    /// The enabled custom policies of the scope: account-level ones for an account check, the environment's
    /// (and all environments') for a product-environment check.
    func customPolicies(scopeID: String?, accountID: String, in db: any StoreReader) throws -> [CustomPolicy] {
        try db.customPolicies(accountID: accountID).filter { p in
            guard p.enabled else { return false }
            guard let env = scopeID else { return p.scopeType == .account }
            return p.scopeType == .prodenv && (p.scopeID == env || p.scopeID == allProductEnvironments)
        }
    }

    /// Adds a statement's policies under ids that say where they came from. API keys never get Console
    /// (feature) permissions.
    private func add(_ parsed: [Policy], prefix: String, principal: Principal, to compiled: inout CompiledGrants, path: [CheckResult.Step]) throws {
        for (k, var policy) in parsed.enumerated() {
            if principal.type == .apiKey && CedarBridge.targetsFeature(policy) { continue }
            policy.id = "\(prefix).s\(k)"
            try compiled.policies.add(policy)
            compiled.origins[policy.id] = .init(effect: policy.effect.rawValue, path: path)
        }
    }
}
