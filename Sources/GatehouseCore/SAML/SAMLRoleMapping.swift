import Foundation

/// What an assertion's `CloudinarySubAccounts` and `CloudinaryRole` attributes give a user, by Cloudinary's
/// rules: environments by cloud name (none → all); roles as `<cloud_name>::<role_id>`, `*::<role_id>` or
/// `ACCOUNT::<role_id>`, or a legacy role name; at most 30 environments and 10 roles; a role in an
/// environment the user is not provisioned for opens all environments; no role → Media Library User.
/// Unknown roles and cloud names are ignored and reported, never fatal.
public struct SAMLRoleMapping: Sendable, Hashable {
    public static let subAccountsAttribute = "CloudinarySubAccounts"
    public static let roleAttribute = "CloudinaryRole"
    public static let maxEnvironments = 30
    public static let maxRoles = 10
    /// The seed's spelling of `technical_admin`.
    static let legacyAliases = ["tech_admin": LegacyRole.technicalAdmin]

    /// Environments the user reaches: nil means all.
    public var subAccountIDs: [String]?
    /// Roles from the attribute, resolved: role id and scope (nil: account, `all`, or an environment id).
    public var grants: [Grant]
    /// Legacy role names given, each standing for its system roles.
    public var legacyRoles: [LegacyRole]
    /// What was ignored, each with why: shown in the audit log.
    public var ignored: [String]

    public struct Grant: Sendable, Hashable {
        public var roleID: String
        public var scopeID: String?
    }

    /// Reads the attributes against the account's environments and roles (`db`). Refuses (`SAMLRejection`)
    /// only past the limits; a store that cannot be read fails as itself.
    public static func map(
        _ attributes: [String: [String]], accountID: String, catalog: Catalog, in db: any StoreReader
    ) throws -> SAMLRoleMapping {
        let cloudNames = values(attributes[subAccountsAttribute])
        let roleValues = values(attributes[roleAttribute])
        guard roleValues.count <= maxRoles else {
            throw SAMLRejection("role_limit", "The identity provider sent \(roleValues.count) roles; at most \(maxRoles) can be assigned at a time.")
        }
        let parsed = roleValues.map(ParsedRole.init)
        let roleEnvironments = Set(parsed.compactMap(\.cloudName))
        guard Set(cloudNames).count <= maxEnvironments, roleEnvironments.count <= maxEnvironments else {
            throw SAMLRejection(
                "environment_limit",
                "The identity provider named more than \(maxEnvironments) product environments; assign at most \(maxEnvironments), or all of them.")
        }
        var mapping = SAMLRoleMapping(subAccountIDs: nil, grants: [], legacyRoles: [], ignored: [])
        try mapping.resolve(cloudNames: cloudNames, roles: parsed, accountID: accountID, catalog: catalog, in: db)
        return mapping
    }

    private mutating func resolve(cloudNames: [String], roles: [ParsedRole], accountID: String, catalog: Catalog, in db: any StoreReader) throws {
        func environmentID(_ cloudName: String) throws -> String? {
            guard let environment = try db.environment(cloudName: cloudName), environment.accountID == accountID else { return nil }
            return environment.id
        }
        var provisioned: [String] = []
        for name in cloudNames {
            if let id = try environmentID(name) {
                if !provisioned.contains(id) { provisioned.append(id) }
            } else {
                ignored.append("CloudinarySubAccounts \(name): no product environment of this account has that cloud name")
            }
        }
        subAccountIDs = provisioned.isEmpty ? nil : provisioned
        for role in roles {
            if let legacy = role.legacy {
                if !legacyRoles.contains(legacy) { legacyRoles.append(legacy) }
                continue
            }
            guard let roleID = role.roleID else {
                ignored.append("CloudinaryRole \(role.text): neither <cloud_name>::<role_id>, *::<role_id>, ACCOUNT::<role_id> nor a legacy role name")
                continue
            }
            let found = try catalog.role(id: roleID) ?? db.customRole(id: roleID, accountID: accountID)
            guard let found, found.assignableTo.contains(.user) else {
                ignored.append("CloudinaryRole \(role.text): no role \(roleID) can be given to a user in this account")
                continue
            }
            guard found.policyParameters.isEmpty else {
                ignored.append("CloudinaryRole \(role.text): \(roleID) is a folder or collection role, given on the folder or collection itself")
                continue
            }
            switch (role.target, found.scopeType) {
            case (.account, .account):
                grants.append(Grant(roleID: roleID, scopeID: nil))
            case (.allEnvironments, .prodenv):
                grants.append(Grant(roleID: roleID, scopeID: allProductEnvironments))
            case (.environment(let name), .prodenv):
                guard let id = try environmentID(name) else {
                    ignored.append("CloudinaryRole \(role.text): no product environment of this account has the cloud name \(name)")
                    continue
                }
                grants.append(Grant(roleID: roleID, scopeID: id))
                // Cloudinary's rule: a role in an environment the user is not provisioned for opens them all.
                if let listed = subAccountIDs, !listed.contains(id) { subAccountIDs = nil }
            case (.account, .prodenv), (.allEnvironments, .account), (.environment, .account):
                ignored.append("CloudinaryRole \(role.text): \(roleID) is a \(found.scopeType.rawValue)-level role")
            }
        }
        var seen = Set<Grant>()
        grants = grants.filter { seen.insert($0).inserted }
        if grants.isEmpty && legacyRoles.isEmpty { legacyRoles = [.mediaLibraryUser] }
        let rank = { (role: LegacyRole) in LegacyRoleSync.precedence.firstIndex(of: role) ?? .max }
        legacyRoles.sort { rank($0) < rank($1) }
    }

    /// Multi-valued attributes come as several values or one comma-separated value (both are seen).
    public static func values(_ raw: [String]?) -> [String] {
        (raw ?? []).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// One `CloudinaryRole` value.
    struct ParsedRole {
        enum Target: Hashable { case account, allEnvironments, environment(String) }
        let text: String
        var legacy: LegacyRole?
        var target: Target = .account
        var roleID: String?

        init(_ text: String) {
            self.text = text
            if let legacy = LegacyRole(rawValue: text) ?? SAMLRoleMapping.legacyAliases[text] {
                self.legacy = legacy
                return
            }
            guard let separator = text.range(of: "::") else { return }
            let prefix = String(text[..<separator.lowerBound])
            let rest = String(text[separator.upperBound...])
            guard !prefix.isEmpty, !rest.isEmpty else { return }
            roleID = rest
            switch prefix {
            case "ACCOUNT": target = .account
            case "*": target = .allEnvironments
            default: target = .environment(prefix)
            }
        }

        var cloudName: String? {
            if case .environment(let name) = target, roleID != nil { return name }
            return nil
        }
    }
}
