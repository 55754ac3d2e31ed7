/// The audit events of guarded writes. Each is appended right after its change, inside the same
/// transaction: if the guard refuses the transaction at its end, the change and its event roll back
/// together, so there is no change without its event and no event without its change.
extension GuardedWriter {
    func record(
        _ action: String, _ target: AuditTarget, before: JSONValue? = nil, after: JSONValue? = nil, accountID: String? = nil
    ) throws {
        let draft = AuditDraft(
            accountID: accountID ?? rules.accountID, actor: AuditActor(rules.caller), action: action, target: target, before: before,
            after: after)
        try base.append(try stamped(draft))
    }

    /// The draft as made by this transaction's caller, from this request. A security event may say how a
    /// sign-in was proved (`SecurityEvent`); everything else about the actor is the writer's.
    func stamped(_ draft: AuditDraft) throws -> AuditDraft {
        var draft = draft
        let proved = draft.actor.authentication
        draft.actor = try auditActor()
        if let proved { draft.actor.authentication = proved }
        draft.requestID = origin?.requestID
        draft.clientIP = origin?.clientIP
        draft.userAgent = origin?.userAgent
        return draft
    }

    /// The caller named as it is now: a person by name (or email), a key by its name.
    func auditActor() throws -> AuditActor {
        if let actor { return actor }
        var named = AuditActor(rules.caller)
        switch rules.caller.principal?.type {
        case .user?:
            let user = try base.user(id: named.id, accountID: rules.accountID)
            named.name = user.map { $0.name.isEmpty ? $0.email : $0.name }
        case .provisioningKey?:
            let key = try base.provisioningKey(key: named.id)
            named.name = key?.name
            // A SCIM token is a provisioning key to the guard, but its events name the door it came through.
            if key?.purpose == .scim {
                named.type = .scim
                named.authentication = "bearer"
            }
        case .apiKey?: named.name = try base.accessKey(apiKey: named.id)?.name
        case .group?, nil: break
        }
        actor = named
        return named
    }

    func recordUser(_ action: String, _ user: User, before: [String: JSONValue]?, after: [String: JSONValue]?) throws {
        let target = AuditTarget(type: "user", id: user.id, name: user.name)
        try record(action, target, before: before.map(JSONValue.object), after: after.map(JSONValue.object))
    }

    /// An update that changed an audited field; leaving the account (status `inactive`) is its deletion.
    func recordUserUpdate(from old: User?, to user: User) throws {
        guard let old else { return try recordUser("user.update", user, before: nil, after: AuditSnapshot.of(user)) }
        guard let diff = AuditSnapshot.changes(AuditSnapshot.of(old), AuditSnapshot.of(user)) else { return }
        let action = !old.isDeleted && user.isDeleted ? "user.delete" : "user.update"
        try record(action, AuditTarget(type: "user", id: user.id, name: user.name), before: diff.before, after: diff.after)
    }

    func recordGroup(_ action: String, id: String, name: String?, before: JSONValue? = nil, after: JSONValue? = nil) throws {
        try record(action, AuditTarget(type: "group", id: id, name: name), before: before, after: after)
    }

    func recordRole(_ action: String, _ role: Role, before: JSONValue? = nil, after: JSONValue? = nil) throws {
        try record(action, AuditTarget(type: "role", id: role.id, name: role.name), before: before, after: after)
    }

    /// An assignment is recorded on the principal that gained or lost the role.
    func recordAssignment(_ action: String, _ assignment: RoleAssignment) throws {
        let snapshot = JSONValue.object(AuditSnapshot.of(assignment))
        let target = AuditTarget(type: AuditSnapshot.targetType(assignment.principal.type), id: assignment.principal.id)
        try record(action, target, before: action == "role.unassign" ? snapshot : nil, after: action == "role.assign" ? snapshot : nil)
    }

    /// A creation (no `old`), or an update that changed an audited field, recorded with what differed.
    func recordChange(
        _ action: String, _ target: AuditTarget, from old: [String: JSONValue]?, to new: [String: JSONValue]
    ) throws {
        guard let old else { return try record(action, target, after: .object(new)) }
        guard let diff = AuditSnapshot.changes(old, new) else { return }
        try record(action, target, before: diff.before, after: diff.after)
    }
}

extension GuardedWriter {
    static func target(_ environment: ProductEnvironment) -> AuditTarget {
        AuditTarget(type: "environment", id: environment.id, name: environment.name)
    }
    static func target(_ key: AccessKey) -> AuditTarget { AuditTarget(type: "api_key", id: key.apiKey, name: key.name) }
    static func target(_ policy: CustomPolicy) -> AuditTarget { AuditTarget(type: "policy", id: policy.id, name: policy.name) }
}
