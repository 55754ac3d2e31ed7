/// What the audit log keeps of each audited record: the fields that decide who can do what, named as on
/// the wire. Never password hashes, secrets or sign-in state (those get security events of their own).
enum AuditSnapshot {
    static func of(_ user: User) -> [String: JSONValue] {
        [
            "name": .string(user.name), "email": .string(user.email), "role": .string(user.role.rawValue),
            "status": .string(user.status.rawValue), "enabled": .bool(user.enabled),
            "sub_account_ids": .array(user.subAccountIDs.sorted().map(JSONValue.string)), "all_sub_accounts": .bool(user.allSubAccounts),
        ]
    }

    static func of(_ group: UserGroup) -> [String: JSONValue] { ["name": .string(group.name)] }

    static func of(_ role: Role) -> [String: JSONValue] {
        [
            "name": .string(role.name), "description": role.description.map(JSONValue.string) ?? .null,
            "scope_type": .string(role.scopeType.rawValue), "permission_type": .string(role.permissionType.rawValue),
            "policy_parameters": .array(role.policyParameters.map { .string($0.rawValue) }),
            "system_policy_ids": .array(role.systemPolicyIDs.map(JSONValue.string)),
        ]
    }

    static func of(_ assignment: RoleAssignment) -> [String: JSONValue] {
        [
            "role_id": .string(assignment.roleID),
            "principal": .object(["type": .string(targetType(assignment.principal.type)), "id": .string(assignment.principal.id)]),
            "scope_id": assignment.scopeID.map(JSONValue.string) ?? .null,
            "instance": assignment.instance.map { .object(["kind": .string($0.kind.rawValue), "id": .string($0.id)]) } ?? .null,
            "source": .string(assignment.source.rawValue),
        ]
    }

    static func of(_ environment: ProductEnvironment) -> [String: JSONValue] {
        ["name": .string(environment.name), "cloud_name": .string(environment.cloudName), "enabled": .bool(environment.enabled)]
    }

    /// Never the secret.
    static func of(_ key: AccessKey) -> [String: JSONValue] {
        [
            "name": key.name.map(JSONValue.string) ?? .null, "enabled": .bool(key.enabled),
            "dedicated_for_webhooks": .bool(key.dedicatedForWebhooks),
        ]
    }

    /// Never the secret, its salt or its hash.
    static func of(_ key: ProvisioningKey) -> [String: JSONValue] {
        ["name": key.name.map(JSONValue.string) ?? .null, "enabled": .bool(key.enabled)]
    }

    static func of(_ policy: CustomPolicy) -> [String: JSONValue] {
        [
            "name": .string(policy.name), "statement": .string(policy.statement), "scope_type": .string(policy.scopeType.rawValue),
            "scope_id": policy.scopeID.map(JSONValue.string) ?? .null, "enabled": .bool(policy.enabled),
        ]
    }

    /// The seats and the two-factor requirement.
    static func of(_ account: Account) -> [String: JSONValue] {
        [
            "plan_user_limit": .integer(Int64(account.planUserLimit)),
            "additional_user_subscriptions": .integer(Int64(account.additionalUserSubscriptions)),
            "require_two_factor": .bool(account.requireTwoFactor),
        ]
    }

    /// SAML single sign-on as Account Security shows it; certificates by their SHA-256 fingerprint.
    static func of(_ settings: SAMLSettings) -> [String: JSONValue] {
        var snapshot: [String: JSONValue] = [
            "saml_enabled": .bool(settings.enabled), "saml_enforced": .bool(settings.enforced),
            "idp_initiated": .bool(settings.idpInitiated), "invite_new_users": .bool(settings.inviteNewUsers),
        ]
        if let idp = settings.identityProvider {
            snapshot["idp_entity_id"] = .string(idp.entityID)
            snapshot["idp_sso_url"] = .string(idp.ssoURL)
            snapshot["idp_certificates"] = .array(idp.certificates.map { .string(SAMLIdentityProvider.fingerprint(of: $0)) })
        }
        return snapshot
    }

    /// A principal's type as a target type (the snake_case names).
    static func targetType(_ type: PrincipalType) -> String {
        switch type {
        case .user: "user"
        case .group: "group"
        case .apiKey: "api_key"
        case .provisioningKey: "provisioning_key"
        }
    }

    /// The fields that differ, as they were and as they became; nil when nothing audited changed.
    static func changes(_ before: [String: JSONValue], _ after: [String: JSONValue]) -> (before: JSONValue, after: JSONValue)? {
        let keys = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        guard !keys.isEmpty else { return nil }
        return (
            .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, before[$0] ?? .null) })),
            .object(Dictionary(uniqueKeysWithValues: keys.map { ($0, after[$0] ?? .null) }))
        )
    }
}
