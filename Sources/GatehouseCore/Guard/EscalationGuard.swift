/// The rules every write is held to, whoever makes it and through whichever door (README, "Security
/// model"). Checked at the end of the write's own transaction, from the standings `GuardedWriter` read
/// before each change, so a refused write leaves nothing behind:
/// 1. no principal gains a grant the caller does not itself hold (an edited role gains for all its holders);
/// 2. a caller cannot delete, disable, or change the email or credentials of a principal holding a grant
///    the caller lacks, nor take a grant from a principal stronger than itself where the grant was: on the
///    same folder or collection for a content grant, in the same scope for a global one;
/// 3. the account owner (`root`) stays an active account Master Admin, and its email changes only by its
///    own action.
/// Grants bound to a product environment, folder or collection that no longer exists are neither gained
/// nor lost: they can allow nothing.
struct EscalationGuard {
    let caller: Caller
    let accountID: String
    let catalog: Catalog

    func standing(of principal: Principal, in db: any StoreReader) throws -> Standing {
        try Standing.of(principal, accountID: accountID, catalog: catalog, in: db)
    }

    func callerStanding(in db: any StoreReader) throws -> Standing {
        guard let principal = caller.principal else { return .none }
        return try standing(of: principal, in: db)
    }

    func ensureOperator(_ what: String) throws {
        guard caller == .local else { throw GatehouseError.notAllowed("Only the operator of this installation can \(what)") }
    }

    func ensureMasterAdmin(_ callerStanding: Standing, to what: String) throws {
        if caller == .local || callerStanding.isAccountMasterAdmin(catalog) { return }
        throw GatehouseError.notAllowed("Only a holder of account Master Admin can \(what)")
    }

    /// Applies the three rules to everything the transaction touched.
    func check(_ writer: GuardedWriter) throws {
        guard !writer.before.isEmpty else { return }
        let coverer = Coverer(caller: caller, standing: writer.callerBefore ?? .none, catalog: catalog, accountID: accountID, db: writer.base)
        for (principal, before) in writer.before {
            let after = try standing(of: principal, in: writer.base)
            let was = Coverer(caller: .principal(principal), standing: before, catalog: catalog, accountID: accountID, db: writer.base)
            for grant in after.grants.sorted(by: { $0.description < $1.description })
            where try !was.covers(grant) && coverer.isMeaningful(grant) && !coverer.covers(grant) {
                throw GatehouseError.notAllowed(
                    "\(describe(caller)) cannot give \(describe(principal)) \(grant): it does not hold it itself")
            }
            let now = Coverer(caller: .principal(principal), standing: after, catalog: catalog, accountID: accountID, db: writer.base)
            let lost = try before.grants.filter { try !now.covers($0) && coverer.isMeaningful($0) }
            let changed = before.exists && (before.protected != after.protected || !after.exists)
            let guarded = changed ? before.grants : before.grants.filter { held in lost.contains { Self.samePlace(held, $0) } }
            for grant in guarded.sorted(by: { $0.description < $1.description })
            where try coverer.isMeaningful(grant) && !coverer.covers(grant) {
                throw GatehouseError.notAllowed(
                    "\(describe(caller)) cannot \(changed ? "change" : "take roles from") \(describe(principal)): it holds \(grant), which the caller does not")
            }
            if before.isOwner || after.isOwner { try checkOwner(principal, before: before, after: after) }
        }
    }

    /// Where a loss is weighed: a content grant against the holder's grants on the same instance, a global
    /// one against the holder's global grants in the scopes it overlaps.
    static func samePlace(_ held: Grant, _ lost: Grant) -> Bool {
        if let instance = lost.instance { return held.instance == instance && held.scope == lost.scope }
        guard held.instance == nil else { return false }
        return held.scope.covers(lost.scope) || lost.scope.covers(held.scope)
    }

    private func checkOwner(_ principal: Principal, before: Standing, after: Standing) throws {
        guard after.exists, after.protected?.active == true else {
            throw GatehouseError.notAllowed("The account owner (root user) cannot be deleted or disabled")
        }
        guard after.isAccountMasterAdmin(catalog) else {
            throw GatehouseError.notAllowed("The account owner (root user) always holds account Master Admin")
        }
        if before.exists, before.protected?.email != after.protected?.email, caller != .principal(principal) {
            throw GatehouseError.notAllowed("Only the account owner (root user) can change its own email")
        }
    }

    private func describe(_ caller: Caller) -> String {
        switch caller {
        case .principal(let p): describe(p)
        case .local: "the operator"
        case .anonymous: "an anonymous caller"
        case .identityProvider(_, let entityID): "the SAML identity provider \(entityID)"
        }
    }

    private func describe(_ principal: Principal) -> String { "\(principal.type.rawValue) \(principal.id)" }
}

/// "Does this standing hold that grant?" for one holder, with the store to look up folder lineage.
struct Coverer {
    let caller: Caller
    let standing: Standing
    let catalog: Catalog
    let accountID: String
    let db: any StoreReader

    /// Unconditional management of folders (or of collections) in an environment covers every content
    /// grant of that kind there: it is what the Admin API's share rules call the top level.
    static func manager(of kind: PolicyParameterKind) -> String {
        switch kind {
        case .folderID: "cld::policy::global::folder_and_asset_management::manage"
        case .collectionID: "cld::policy::global::collections::manage"
        }
    }

    func covers(_ grant: Grant) throws -> Bool {
        if caller == .local || caller.isIdentityProvider(of: accountID) || standing.isAccountMasterAdmin(catalog) { return true }
        for held in standing.grants where held.policyID == grant.policyID && held.scope.covers(grant.scope) {
            if held.instance == grant.instance { return true }
            if let heldOn = held.instance, let on = grant.instance, heldOn.kind == .folderID, on.kind == .folderID,
               let env = grant.scope.environmentID, try isFolder(heldOn.id, above: on.id, in: env)
            {
                return true
            }
        }
        if let instance = grant.instance {
            let manager = Grant(policyID: Self.manager(of: instance.kind), scope: grant.scope)
            return standing.grants.contains { $0.policyID == manager.policyID && $0.instance == nil && $0.scope.covers(grant.scope) }
        }
        return false
    }

    /// A grant can allow something only while its environment and instance exist.
    func isMeaningful(_ grant: Grant) throws -> Bool {
        guard let env = grant.scope.environmentID else { return true }
        guard try db.environment(id: env, accountID: accountID) != nil else { return false }
        guard let instance = grant.instance else { return true }
        switch instance.kind {
        case .folderID: return try db.folder(externalID: instance.id, environmentID: env) != nil
        case .collectionID: return try db.collection(externalID: instance.id, environmentID: env) != nil
        }
    }

    private func isFolder(_ ancestorID: String, above folderID: String, in env: String) throws -> Bool {
        var current = try db.folder(externalID: folderID, environmentID: env)
        var steps = 0
        while let folder = current, steps < 1_000 {
            if folder.externalID == ancestorID { return true }
            guard let parent = folder.parentID else { return false }
            current = try db.folder(externalID: parent, environmentID: env)
            steps += 1
        }
        return false
    }
}
