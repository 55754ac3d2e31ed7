import Foundation

/// The writer every guarded transaction hands to its body. Before each change reaches the store it notes
/// whose standing the change can touch and reads that standing as it was; `EscalationGuard` compares it
/// with the standing after the body. A new `StoreWriter` requirement must be forwarded here too (the
/// compiler insists), saying whom it touches: that is what keeps every door behind the guard.
final class GuardedWriter: StoreWriter {
    let base: any StoreWriter
    let rules: EscalationGuard
    /// Where the request came from, stamped on every event of the transaction.
    let origin: AuditOrigin?
    /// The caller as its events name it, read once per transaction (`auditActor()`).
    var actor: AuditActor?
    /// The caller's standing before the first change of the transaction.
    private(set) var callerBefore: Standing?
    /// Each touched principal's standing before the first change that touched it, in touch order.
    private(set) var before: [(Principal, Standing)] = []
    private var seen = Set<Principal>()
    /// What the changes so far can have changed of anyone's standing: every principal touched, and wider
    /// scopes where a change reaches further (`StandingChange`). The store drops cached grants for these.
    private(set) var standingChange = StandingChange()

    init(base: any StoreWriter, rules: EscalationGuard, origin: AuditOrigin?) {
        self.base = base
        self.rules = rules
        self.origin = origin
    }

    /// Reads the standing of each principal the next change can touch, once, before the change.
    private func touch(_ principals: [Principal]) throws {
        if callerBefore == nil { callerBefore = try rules.callerStanding(in: base) }
        for principal in principals where seen.insert(principal).inserted {
            before.append((principal, try rules.standing(of: principal, in: base)))
            standingChange.insert(.principal(principal))
        }
    }

    /// A change whose reach is the whole account (its policies, environments, settings): no principal's
    /// cached grants in it are kept.
    private func changesAccount() {
        standingChange.insert(.account(rules.accountID))
    }

    /// A change to which roles exist or what they carry (the missing-permission search's catalogue).
    private func changesRoles(accountID: String) {
        standingChange.insert(.roles(accountID: accountID))
    }

    /// A group and everyone who holds through it.
    private func withMembers(_ principal: Principal) throws -> [Principal] {
        guard principal.type == .group else { return [principal] }
        return [principal] + (try base.members(ofGroup: principal.id)).map { Principal(type: .user, id: $0.id) }
    }

    private func holders(ofRole roleID: String, accountID: String) throws -> [Principal] {
        try base.assignments(accountID: accountID, roleID: roleID, principal: nil).flatMap { try withMembers($0.principal) }
    }

    private func keys(ofEnvironment id: String) throws -> [Principal] {
        try base.accessKeys(subAccountID: id).map { Principal(type: .apiKey, id: $0.apiKey) }
    }

    // MARK: Changes, each touching whom it can affect

    func insert(_ account: Account) throws {
        try rules.ensureOperator("create an account")
        try base.insert(account)
        var created = AuditSnapshot.of(account)
        created["name"] = .string(account.name)
        try record("account.create", AuditTarget(type: "account", id: account.id, name: account.name), after: .object(created))
    }
    /// The plan (and the rest of the account) is the operator's; a holder of account Master Admin may buy
    /// additional users (0–20) for its own account, as Cloudinary's Console lets it, and require two-factor
    /// authentication of its users (Account Security).
    func update(_ account: Account) throws {
        // A Master Admin may change the two settings the Console offers it; the plan and the rest are the operator's.
        var consoleSettingsOnly = try base.account(id: account.id)
        consoleSettingsOnly?.additionalUserSubscriptions = account.additionalUserSubscriptions
        consoleSettingsOnly?.requireTwoFactor = account.requireTwoFactor
        if account.id == rules.accountID, consoleSettingsOnly == account {
            try rules.ensureMasterAdmin(try callerStanding(), to: "change the account's additional users or two-factor requirement")
        } else {
            try rules.ensureOperator("change the account's seats")
        }
        let old = try base.account(id: account.id)
        changesAccount()
        try base.update(account)
        try recordChange(
            "account.update", AuditTarget(type: "account", id: account.id, name: account.name),
            from: old.map(AuditSnapshot.of) ?? [:], to: AuditSnapshot.of(account))
    }
    func insert(_ key: ProvisioningKey) throws {
        try touch([Principal(type: .provisioningKey, id: key.key)])
        try base.insert(key)
        try record(
            "provisioning_key.create", AuditTarget(type: "provisioning_key", id: key.key, name: key.name),
            after: .object(AuditSnapshot.of(key)))
    }
    /// A revoked key loses everything it held: only a caller covering all of it may revoke it.
    func deleteProvisioningKey(key: String, accountID: String) throws {
        try touch([Principal(type: .provisioningKey, id: key)])
        let old = try base.provisioningKey(key: key)
        try base.deleteProvisioningKey(key: key, accountID: accountID)
        try record(
            "provisioning_key.revoke", AuditTarget(type: "provisioning_key", id: key, name: old?.name),
            before: old.map { .object(AuditSnapshot.of($0)) })
    }

    func insert(_ user: User) throws {
        try touch([Principal(type: .user, id: user.id)])
        try base.insert(user)
        try recordUser("user.create", user, before: nil, after: AuditSnapshot.of(user))
    }
    func update(_ user: User) throws {
        try touch([Principal(type: .user, id: user.id)])
        let old = try base.user(id: user.id, accountID: user.accountID)
        try base.update(user)
        try recordUserUpdate(from: old, to: user)
    }

    func insert(_ group: UserGroup) throws {
        try base.insert(group)
        try recordGroup("group.create", id: group.id, name: group.name, after: .object(AuditSnapshot.of(group)))
    }
    func update(_ group: UserGroup) throws {
        let old = try base.group(id: group.id, accountID: group.accountID)
        changesAccount()  // its members' explanations name it
        try base.update(group)
        guard let diff = AuditSnapshot.changes(old.map(AuditSnapshot.of) ?? [:], AuditSnapshot.of(group)) else { return }
        try recordGroup("group.update", id: group.id, name: group.name, before: diff.before, after: diff.after)
    }
    /// Recorded with the members it had: they lose whatever the group gave them.
    func deleteGroup(id: String) throws {
        let members = try withMembers(Principal(type: .group, id: id))
        try touch(members)
        let old = try base.group(id: id, accountID: rules.accountID)
        try base.deleteGroup(id: id)
        var before = old.map(AuditSnapshot.of) ?? [:]
        before["member_ids"] = .array(members.dropFirst().map { .string($0.id) })
        try recordGroup("group.delete", id: id, name: old?.name, before: .object(before))
    }
    func addMember(userID: String, groupID: String) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.addMember(userID: userID, groupID: groupID)
        try recordGroup("group.member.add", id: groupID, name: nil, after: .object(["user_id": .string(userID)]))
    }
    func removeMember(userID: String, groupID: String) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.removeMember(userID: userID, groupID: groupID)
        try recordGroup("group.member.remove", id: groupID, name: nil, before: .object(["user_id": .string(userID)]))
    }

    func insert(_ environment: ProductEnvironment) throws {
        changesAccount()  // users with access to all environments reach it
        try base.insert(environment)
        try recordChange("environment.create", Self.target(environment), from: nil, to: AuditSnapshot.of(environment))
    }
    func update(_ environment: ProductEnvironment) throws {
        try touch(try keys(ofEnvironment: environment.id))  // disabling an environment disables its keys
        let old = try base.environment(id: environment.id, accountID: environment.accountID)
        changesAccount()
        try base.update(environment)
        try recordChange("environment.update", Self.target(environment), from: old.map(AuditSnapshot.of) ?? [:], to: AuditSnapshot.of(environment))
    }
    func deleteEnvironment(id: String) throws {
        let scoped = try base.assignments(accountID: rules.accountID, roleID: nil, principal: nil).filter { $0.scopeID == id }
        try touch(try keys(ofEnvironment: id) + scoped.flatMap { try withMembers($0.principal) })
        let old = try base.environment(id: id, accountID: rules.accountID)
        let policies = try base.customPolicies(accountID: rules.accountID).filter { $0.scopeType == .prodenv && $0.scopeID == id }
        changesAccount()
        try base.deleteEnvironment(id: id)
        // The store removes the custom policies scoped to the environment with it: the event lists them.
        var before = old.map(AuditSnapshot.of) ?? [:]
        before["policies"] = .array(policies.map { policy in
            var snapshot = AuditSnapshot.of(policy)
            snapshot["id"] = .string(policy.id)
            return .object(snapshot)
        })
        try record("environment.delete", AuditTarget(type: "environment", id: id, name: old?.name), before: .object(before))
    }

    func insert(_ key: AccessKey) throws {
        try touch([Principal(type: .apiKey, id: key.apiKey)])
        try base.insert(key)
        try recordChange("api_key.create", Self.target(key), from: nil, to: AuditSnapshot.of(key))
    }
    func update(_ key: AccessKey) throws {
        try touch([Principal(type: .apiKey, id: key.apiKey)])
        let old = try base.accessKey(apiKey: key.apiKey, subAccountID: key.subAccountID)
        try base.update(key)
        try recordChange("api_key.update", Self.target(key), from: old.map(AuditSnapshot.of) ?? [:], to: AuditSnapshot.of(key))
    }
    func deleteAccessKey(apiKey: String, subAccountID: String) throws {
        try touch([Principal(type: .apiKey, id: apiKey)])
        let old = try base.accessKey(apiKey: apiKey, subAccountID: subAccountID)
        try base.deleteAccessKey(apiKey: apiKey, subAccountID: subAccountID)
        try record(
            "api_key.delete", AuditTarget(type: "api_key", id: apiKey, name: old?.name), before: old.map { .object(AuditSnapshot.of($0)) })
    }

    func insert(_ role: Role) throws {
        try touch([])
        changesRoles(accountID: role.accountID ?? rules.accountID)
        try base.insert(role)
        try recordRole("role.create", role, after: .object(AuditSnapshot.of(role)))
    }
    /// An edited role grants its new policies to everyone who holds it.
    func update(_ role: Role) throws {
        let accountID = role.accountID ?? rules.accountID
        try touch(try holders(ofRole: role.id, accountID: accountID))
        let old = try base.customRole(id: role.id, accountID: accountID)
        changesRoles(accountID: accountID)
        try base.update(role)
        guard let diff = AuditSnapshot.changes(old.map(AuditSnapshot.of) ?? [:], AuditSnapshot.of(role)) else { return }
        try recordRole("role.update", role, before: diff.before, after: diff.after)
    }
    /// Recorded with the assignments the deletion removed.
    func deleteRole(id: String, accountID: String) throws {
        try touch(try holders(ofRole: id, accountID: accountID))
        let old = try base.customRole(id: id, accountID: accountID)
        let removed = try base.assignments(accountID: accountID, roleID: id, principal: nil)
        changesRoles(accountID: accountID)
        try base.deleteRole(id: id, accountID: accountID)
        var before = old.map(AuditSnapshot.of) ?? [:]
        before["assignments"] = .array(removed.map { .object(AuditSnapshot.of($0)) })
        try record("role.delete", AuditTarget(type: "role", id: id, name: old?.name), before: .object(before))
    }
    func insert(_ assignment: RoleAssignment) throws {
        try touch(try withMembers(assignment.principal))
        try base.insert(assignment)
        try recordAssignment("role.assign", assignment)
    }
    func delete(_ assignment: RoleAssignment) throws {
        try touch(try withMembers(assignment.principal))
        try base.delete(assignment)
        try recordAssignment("role.unassign", assignment)
    }
    func deleteAssignments(of principal: Principal, accountID: String) throws {
        try touch(try withMembers(principal))
        let removed = try base.assignments(accountID: accountID, roleID: nil, principal: principal)
        try base.deleteAssignments(of: principal, accountID: accountID)
        for assignment in removed { try recordAssignment("role.unassign", assignment) }
    }

    /// Custom policies can say anything about anyone, so only a holder of account Master Admin writes them.
    func insert(_ policy: CustomPolicy) throws {
        try rules.ensureMasterAdmin(try callerStanding(), to: "create custom policies")
        changesAccount()
        try base.insert(policy)
        try recordChange("policy.create", Self.target(policy), from: nil, to: AuditSnapshot.of(policy))
    }
    func update(_ policy: CustomPolicy) throws {
        try rules.ensureMasterAdmin(try callerStanding(), to: "change custom policies")
        let old = try base.customPolicy(id: policy.id, accountID: policy.accountID)
        changesAccount()
        try base.update(policy)
        try recordChange("policy.update", Self.target(policy), from: old.map(AuditSnapshot.of) ?? [:], to: AuditSnapshot.of(policy))
    }
    func deleteCustomPolicy(id: String, accountID: String) throws {
        try rules.ensureMasterAdmin(try callerStanding(), to: "delete custom policies")
        let old = try base.customPolicy(id: id, accountID: accountID)
        changesAccount()
        try base.deleteCustomPolicy(id: id, accountID: accountID)
        try record("policy.delete", AuditTarget(type: "policy", id: id, name: old?.name), before: old.map { .object(AuditSnapshot.of($0)) })
    }

    // Folders and collections hold no grants themselves; assignments bound to them are removed through
    // `delete(_:)`, and a grant on an instance that is gone counts as neither gained nor lost. Compiled
    // grants never depend on the folder tree (a check is given its resource), so creating or moving one
    // keeps every cached grant; a deletion, rare and reaching a whole subtree, drops the account's.
    func insert(_ folder: Folder) throws { try base.insert(folder) }
    func update(_ folder: Folder) throws { try base.update(folder) }
    func deleteFolder(externalID: String, environmentID: String) throws {
        changesAccount()
        try base.deleteFolder(externalID: externalID, environmentID: environmentID)
    }
    func insert(_ collection: AssetCollection) throws { try base.insert(collection) }
    func update(_ collection: AssetCollection) throws { try base.update(collection) }
    func deleteCollection(externalID: String, environmentID: String) throws {
        changesAccount()
        try base.deleteCollection(externalID: externalID, environmentID: environmentID)
    }

    func callerStanding() throws -> Standing {
        try touch([])
        return callerBefore ?? .none
    }

    // MARK: Sign-in state: what changes how a user signs in touches that user

    func setPasswordHash(_ hash: String?, userID: String, at time: Date) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.setPasswordHash(hash, userID: userID, at: time)
    }
    func insert(_ session: StoredSession) throws {
        try touch([Principal(type: .user, id: session.userID)])
        try base.insert(session)
    }
    func deleteSession(idHash: String) throws {
        if let session = try base.session(idHash: idHash) { try touch([Principal(type: .user, id: session.userID)]) }
        try base.deleteSession(idHash: idHash)
    }
    func deleteSessions(userID: String) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.deleteSessions(userID: userID)
    }
    func save(_ twoFactor: TwoFactorSecret) throws {
        try touch([Principal(type: .user, id: twoFactor.userID)])
        try base.save(twoFactor)
    }
    func deleteTwoFactor(userID: String) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.deleteTwoFactor(userID: userID)
    }
    func replaceRecoveryCodes(userID: String, hashes: [String]) throws {
        try touch([Principal(type: .user, id: userID)])
        try base.replaceRecoveryCodes(userID: userID, hashes: hashes)
    }
    func useRecoveryCode(userID: String, hash: String, at time: Date) throws -> Bool {
        try touch([Principal(type: .user, id: userID)])
        return try base.useRecoveryCode(userID: userID, hash: hash, at: time)
    }
    // Profiles, session activity, links and throttling records change no one's standing.
    func save(_ profile: Profile) throws { try base.save(profile) }
    func touchSession(idHash: String, at time: Date) throws { try base.touchSession(idHash: idHash, at: time) }
    func insert(_ token: OneTimeToken) throws { try base.insert(token) }
    func markUsed(tokenHash: String, at time: Date) throws { try base.markUsed(tokenHash: tokenHash, at: time) }
    func deleteTokens(userID: String, kind: OneTimeToken.Kind) throws { try base.deleteTokens(userID: userID, kind: kind) }
    func recordSignInFailure(emailKey: String, address: String, at time: Date) throws {
        try base.recordSignInFailure(emailKey: emailKey, address: address, at: time)
    }
    func recordLockout(kind: String, subject: String, at time: Date, until: Date) throws {
        try base.recordLockout(kind: kind, subject: subject, at: time, until: until)
    }
    func passwordHash(userID: String) throws -> String? { try base.passwordHash(userID: userID) }
    func profile(userID: String) throws -> Profile? { try base.profile(userID: userID) }
    func session(idHash: String) throws -> StoredSession? { try base.session(idHash: idHash) }
    func sessions(userID: String) throws -> [StoredSession] { try base.sessions(userID: userID) }
    func token(hash: String) throws -> OneTimeToken? { try base.token(hash: hash) }
    func signInFailures(emailKey: String, since time: Date) throws -> Int { try base.signInFailures(emailKey: emailKey, since: time) }
    func signInFailures(address: String, since time: Date) throws -> Int { try base.signInFailures(address: address, since: time) }
    func lockedUntil(kind: String, subject: String, at time: Date) throws -> Date? { try base.lockedUntil(kind: kind, subject: subject, at: time) }
    func twoFactor(userID: String) throws -> TwoFactorSecret? { try base.twoFactor(userID: userID) }
    func recoveryCodesLeft(userID: String) throws -> Int { try base.recoveryCodesLeft(userID: userID) }
    func signInFacts(userIDs: [String]) throws -> [String: SignInFacts] { try base.signInFacts(userIDs: userIDs) }

    // The audit log changes no one's standing; later security events are appended through here too.
    /// A door's own event (a security event) is stamped with this transaction's caller and origin: no door
    /// can record an event in someone else's name.
    func append(_ draft: AuditDraft) throws -> AuditEvent { try base.append(try stamped(draft)) }
    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent] { try base.auditEvents(query) }
    func forEachAuditEvent(_ body: (AuditEvent) throws -> Bool) throws { try base.forEachAuditEvent(body) }
    func auditEvent(id: String, accountID: String) throws -> AuditEvent? { try base.auditEvent(id: id, accountID: accountID) }
    func newestAuditEvent(before time: Date) throws -> AuditEvent? { try base.newestAuditEvent(before: time) }
    func auditCheckpoint() throws -> AuditCheckpoint? { try base.auditCheckpoint() }
    /// Retention is the operator's setting. The cut is recorded in every account's log (the chain is the
    /// installation's, so every account lost its old events), right after the checkpoint.
    func pruneAuditEvents(through checkpoint: AuditCheckpoint) throws -> Int {
        try rules.ensureOperator("prune the audit log")
        let pruned = try base.pruneAuditEvents(through: checkpoint)
        let after: [String: JSONValue] = [
            "through_sequence": .integer(checkpoint.sequence), "through_time": .string(checkpoint.time.formatted(Date.ISO8601FormatStyle())),
            "events_pruned": .integer(Int64(pruned)),
        ]
        for account in try base.accounts() {
            try record("audit.prune", AuditTarget(type: "audit_log", id: "audit_log"), after: .object(after), accountID: account.id)
        }
        return pruned
    }

    // Queued mail changes no one's standing.
    func queuedMailCount() throws -> Int { try base.queuedMailCount() }
    func enqueue(_ mail: OutgoingMail, at time: Date) throws { try base.enqueue(mail, at: time) }
    func dueMail(at now: Date, limit: Int) throws -> [QueuedMail] { try base.dueMail(at: now, limit: limit) }
    func rescheduleMail(id: Int64, at time: Date) throws { try base.rescheduleMail(id: id, at: time) }
    func markMailSent(id: Int64, at time: Date) throws { try base.markMailSent(id: id, at: time) }
    func markMailFailed(id: Int64, at now: Date, error: String) throws { try base.markMailFailed(id: id, at: now, error: error) }

    // MARK: Reads, as the store answers them

    func writeGeneration() throws -> Int64 { try base.writeGeneration() }
    func standingStamps(accountID: String, principal: Principal?) throws -> StandingStamps {
        try base.standingStamps(accountID: accountID, principal: principal)
    }
    func accounts() throws -> [Account] { try base.accounts() }
    func account(id: String) throws -> Account? { try base.account(id: id) }
    func provisioningKey(key: String) throws -> ProvisioningKey? { try base.provisioningKey(key: key) }
    func user(id: String, accountID: String) throws -> User? { try base.user(id: id, accountID: accountID) }
    func liveUser(email: String) throws -> User? { try base.liveUser(email: email) }
    func users(_ query: UserQuery) throws -> [User] { try base.users(query) }
    func userPage(_ query: UserQuery) throws -> (users: [User], total: Int) { try base.userPage(query) }
    func groups(ofUsers userIDs: [String]) throws -> [String: [UserGroup]] { try base.groups(ofUsers: userIDs) }
    func seatsUsed(accountID: String) throws -> Int { try base.seatsUsed(accountID: accountID) }
    func group(id: String, accountID: String) throws -> UserGroup? { try base.group(id: id, accountID: accountID) }
    func group(named name: String, accountID: String) throws -> UserGroup? { try base.group(named: name, accountID: accountID) }
    func groups(accountID: String) throws -> [UserGroup] { try base.groups(accountID: accountID) }
    func members(ofGroup groupID: String) throws -> [User] { try base.members(ofGroup: groupID) }
    func groups(ofUser userID: String) throws -> [UserGroup] { try base.groups(ofUser: userID) }
    func environment(id: String, accountID: String) throws -> ProductEnvironment? { try base.environment(id: id, accountID: accountID) }
    func environment(cloudName: String) throws -> ProductEnvironment? { try base.environment(cloudName: cloudName) }
    func environments(_ query: EnvironmentQuery) throws -> [ProductEnvironment] { try base.environments(query) }
    func accessKey(apiKey: String, subAccountID: String) throws -> AccessKey? { try base.accessKey(apiKey: apiKey, subAccountID: subAccountID) }
    func accessKeys(subAccountID: String) throws -> [AccessKey] { try base.accessKeys(subAccountID: subAccountID) }
    func accessKeys(_ query: AccessKeyQuery) throws -> (keys: [AccessKey], total: Int) { try base.accessKeys(query) }
    func accessKey(apiKey: String) throws -> AccessKey? { try base.accessKey(apiKey: apiKey) }
    func provisioningKeys(accountID: String) throws -> [ProvisioningKey] { try base.provisioningKeys(accountID: accountID) }
    func customRoles(accountID: String) throws -> [Role] { try base.customRoles(accountID: accountID) }
    func customRole(id: String, accountID: String) throws -> Role? { try base.customRole(id: id, accountID: accountID) }
    func customRole(named name: String, accountID: String) throws -> Role? { try base.customRole(named: name, accountID: accountID) }
    func assignments(accountID: String, roleID: String?, principal: Principal?) throws -> [RoleAssignment] {
        try base.assignments(accountID: accountID, roleID: roleID, principal: principal)
    }
    func assignments(accountID: String, userIDs: [String]) throws -> [RoleAssignment] { try base.assignments(accountID: accountID, userIDs: userIDs) }
    func customPolicies(accountID: String) throws -> [CustomPolicy] { try base.customPolicies(accountID: accountID) }
    func customPolicy(id: String, accountID: String) throws -> CustomPolicy? { try base.customPolicy(id: id, accountID: accountID) }
    func folder(externalID: String, environmentID: String) throws -> Folder? { try base.folder(externalID: externalID, environmentID: environmentID) }
    func folder(path: String, environmentID: String) throws -> Folder? { try base.folder(path: path, environmentID: environmentID) }
    func folders(parentID: String?, environmentID: String) throws -> [Folder] { try base.folders(parentID: parentID, environmentID: environmentID) }
    func folders(below path: String, environmentID: String) throws -> [Folder] { try base.folders(below: path, environmentID: environmentID) }
    func folderPage(_ query: FolderPageQuery) throws -> FolderPage { try base.folderPage(query) }
    func folders(environmentID: String) throws -> [Folder] { try base.folders(environmentID: environmentID) }
    func collection(externalID: String, environmentID: String) throws -> AssetCollection? {
        try base.collection(externalID: externalID, environmentID: environmentID)
    }
    func collection(named name: String, environmentID: String) throws -> AssetCollection? {
        try base.collection(named: name, environmentID: environmentID)
    }
    func collections(environmentID: String) throws -> [AssetCollection] { try base.collections(environmentID: environmentID) }
}
