import Foundation
import GatehouseCore
import GatehouseHTTP
import HTTPTypes
import Testing

/// The account the escalation property test attacks: callers holding each system role and a custom one,
/// at account level (provisioning keys) and in an environment (API keys), plus users, groups, roles,
/// folders and a collection for them to aim at. Built by the operator through the same services.
struct EscalationWorld {
    /// Who makes a generated call.
    enum CallerRef: Sendable, CustomStringConvertible {
        case account(label: String, AccountCredentials)
        case environment(label: String, AccessKey, cloudName: String)
        case local
        /// A signed-in person in a browser, through the Console.
        case person(label: String, User, sessionToken: String)
        /// A browser before sign-in, with its form token; a one-time link in the call acts for its user.
        case browser(formToken: String, link: Principal?)
        /// A browser posting what the account's SAML IdP (or one posing as it) signed.
        case identityProvider(entityID: String)
        /// A SCIM client with its bearer token (a provisioning key of purpose `scim`).
        case scim(label: String, key: String, token: String)

        var description: String {
            switch self {
            case .account(let label, _): "account key (\(label))"
            case .environment(let label, _, _): "environment key (\(label))"
            case .local: "operator (CLI)"
            case .person(let label, _, _): "signed-in person (\(label))"
            case .browser(_, let link): link.map { "browser with a link of user \($0.id)" } ?? "anonymous browser"
            case .identityProvider(let entityID): "SAML IdP \(entityID)"
            case .scim(let label, _, _): "SCIM token (\(label))"
            }
        }

        /// Who the guard holds the call to.
        var acting: Caller {
            switch self {
            case .account(_, let c): .principal(Principal(type: .provisioningKey, id: c.key))
            case .environment(_, let k, _): .principal(Principal(type: .apiKey, id: k.apiKey))
            case .local: .local
            case .person(_, let user, _): .principal(Principal(type: .user, id: user.id))
            case .browser(_, let link): link.map(Caller.principal) ?? .anonymous
            case .identityProvider(let entityID): .identityProvider(accountID: TestApp.account, entityID: entityID)
            case .scim(_, let key, _): .principal(Principal(type: .provisioningKey, id: key))
            }
        }

        /// The actor the audit log must name for this caller's changes.
        var auditActor: AuditActor {
            if case .scim(_, let key, _) = self { return AuditActor(type: .scim, id: key) }
            return AuditActor(acting)
        }

        var principal: Principal? { acting.principal }

        var headers: HTTPFields {
            switch self {
            case .account(_, let c): Self.basic(c.key, c.secret)
            case .environment(_, let k, _): Self.basic(k.apiKey, k.apiSecret)
            case .local: [:]
            case .person(_, _, let token): [.cookie: "gatehouse_session=\(token)", .contentType: "application/x-www-form-urlencoded"]
            case .browser(let form, _): [.cookie: "gatehouse_form=\(form)", .contentType: "application/x-www-form-urlencoded"]
            case .identityProvider: [.contentType: "application/x-www-form-urlencoded"]
            case .scim(_, _, let token): [.authorization: "Bearer \(token)", .contentType: "application/scim+json"]
            }
        }

        /// The form token a post of this caller carries.
        var formToken: String {
            switch self {
            case .person(_, _, let token): IdentityService.csrfToken(sessionToken: token)
            case .browser(let form, _): form
            default: ""
            }
        }

        static func basic(_ user: String, _ secret: String) -> HTTPFields {
            [.authorization: "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString(), .contentType: "application/json"]
        }
    }

    static let accountRoles = [
        "cld::role::account::master_admin", "cld::role::account::admin", "cld::role::account::billing", "cld::role::account::reports",
    ]
    static let userManagerRole = "user_manager"
    static let envRoles = [
        "cld::role::prodenv::master_admin", "cld::role::prodenv::technical_admin", "cld::role::prodenv::ml_admin",
        "cld::role::prodenv::reports",
    ]
    static let uploaderRole = "uploader"

    let app: TestApp
    let accountID = TestApp.account
    /// The IdP the owner trusts at the start, and a key that poses as it.
    let idp: SAMLTestIdP
    let rogueIdP: SAMLTestIdP
    var env1: ProductEnvironment
    var env2: ProductEnvironment
    var accountCallers: [CallerRef] = []
    var envCallers: [CallerRef] = []
    /// SCIM tokens: as created (User Provisioning), with Admin or Master Admin added, and with no role left.
    var scimCallers: [CallerRef] = []
    var root: User
    /// Folders whose permissions are probed, each with the lineage ids it had when the world was built.
    var probedFolders: [(folder: Folder, lineageIDs: [String])] = []
    var collection: AssetCollection

    init() async throws {
        app = try await TestApp()
        idp = try SAMLTestIdP()
        rogueIdP = try SAMLTestIdP()
        let s = app.services
        let prov = s.provisioning.acting(as: .local)
        let perms = s.permissions.acting(as: .local)
        let account = TestApp.account
        env1 = try await prov.environments(EnvironmentQuery(accountID: account))[0].0
        env2 = try await prov.createEnvironment(NewEnvironment(name: "Second"), accountID: account).0
        root = try #require(try await prov.users(UserQuery(accountID: account)).first { $0.root })

        _ = try await perms.createRole(
            NewRole(
                id: Self.userManagerRole, name: "User manager", scopeType: .account, permissionType: .global,
                systemPolicyIDs: ["cld::policy::global::users_and_groups::manage", "cld::policy::global::users_and_groups::view",
                                  "cld::policy::global::roles::view"]),
            accountID: account)
        _ = try await perms.createRole(
            NewRole(
                id: Self.uploaderRole, name: "Uploader", scopeType: .prodenv, permissionType: .global,
                systemPolicyIDs: ["cld::policy::global::folder_and_asset_management::view",
                                  "cld::policy::global::folder_and_asset_management::create_asset", "cld::policy::global::ml::access"]),
            accountID: account)
        _ = try await perms.createRole(
            NewRole(
                id: "folder_sharer", name: "Folder sharer", scopeType: .prodenv, permissionType: .content,
                systemPolicyIDs: ["cld::policy::content::folder::view_download", "cld::policy::content::folder::share"]),
            accountID: account)

        let bootstrap = AccountCredentials(key: TestApp.key, secret: TestApp.secret, accountID: account)
        accountCallers.append(.account(label: "bootstrap master_admin", bootstrap))
        for roleID in Self.accountRoles + [Self.userManagerRole] {
            let key = try await app.accounts.createProvisioningKey(accountID: account, name: roleID)
            try await perms.changeAssignments(
                [RoleGrantRequest(roleID: roleID, principal: Principal(type: .provisioningKey, id: key.key), scopeID: nil, parameters: [:])],
                operation: .add, accountID: account)
            accountCallers.append(.account(label: roleID, key))
        }
        accountCallers.append(.account(label: "no role", try await app.accounts.createProvisioningKey(accountID: account, name: "none")))
        let accounts = app.services.accounts.acting(as: .local)
        for (label, added) in [("as created", nil), ("with admin", "cld::role::account::admin"), ("with master admin", "cld::role::account::master_admin"),
                               ("no role", nil)] as [(String, String?)] {
            let created = try await accounts.createSCIMToken(name: "scim \(label)", accountID: account)
            let principal = Principal(type: .provisioningKey, id: created.key.key)
            if let added {
                try await perms.changeAssignments(
                    [RoleGrantRequest(roleID: added, principal: principal, scopeID: nil, parameters: [:])], operation: .add, accountID: account)
            }
            if label == "no role" {
                try await perms.changeAssignments(
                    [RoleGrantRequest(roleID: AccountService.scimTokenRoleID, principal: principal, scopeID: nil, parameters: [:])],
                    operation: .remove, accountID: account)
            }
            scimCallers.append(.scim(label: label, key: created.key.key, token: created.token))
        }

        // Environment keys: one per prodenv role, then content roles once the folder and collection exist.
        var master: EnvironmentCaller?
        for roleID in Self.envRoles + [Self.uploaderRole] {
            let key = try await prov.generateAccessKey(subAccountID: env1.id, accountID: account, name: roleID, enabled: true)
            try await perms.changeAssignments(
                [RoleGrantRequest(roleID: roleID, principal: Principal(type: .apiKey, id: key.apiKey), scopeID: env1.id, parameters: [:])],
                operation: .add, accountID: account)
            envCallers.append(.environment(label: roleID, key, cloudName: env1.cloudName))
            if master == nil { master = EnvironmentCaller(accountID: account, environmentID: env1.id, apiKey: key.apiKey) }
        }
        let admin = try #require(master)
        _ = try await s.folders.create(path: "shared/inner/deep", caller: admin)
        _ = try await s.folders.create(path: "scratch/a", caller: admin)
        let envID = env1.id
        for path in ["shared", "shared/inner", "shared/inner/deep", "scratch"] {
            let folder = try #require(try await app.store.read { db in try db.folder(path: path, environmentID: envID) })
            var lineage = [folder.externalID]
            var parent = folder.parentID
            while let id = parent, let above = try await app.store.read({ db in try db.folder(externalID: id, environmentID: envID) }) {
                lineage.insert(above.externalID, at: 0)
                parent = above.parentID
            }
            probedFolders.append((folder, lineage))
        }
        collection = try await s.collections.create(name: "Board", caller: admin)
        let shared = probedFolders[0].folder.externalID
        for (label, roleID, kind, id) in [
            ("folder manager on shared", "cld::role::folder::manager", "folder_id", shared),
            ("folder sharer on shared", "folder_sharer", "folder_id", shared),
            ("folder viewer on shared", "cld::role::folder::viewer", "folder_id", shared),
        ] {
            let key = try await prov.generateAccessKey(subAccountID: env1.id, accountID: account, name: label, enabled: true)
            try await perms.changeAssignments(
                [RoleGrantRequest(roleID: roleID, principal: Principal(type: .apiKey, id: key.apiKey), scopeID: env1.id, parameters: [kind: id])],
                operation: .add, accountID: account)
            envCallers.append(.environment(label: label, key, cloudName: env1.cloudName))
        }

        // People and groups to aim at.
        let users: [(String, LegacyRole, [String]?)] = [
            ("Ada Admin", .admin, [env1.id]), ("Mo Media", .mediaLibraryUser, nil), ("Tess Tech", .technicalAdmin, [env2.id]),
            ("Max Master", .masterAdmin, nil), ("Ray Reports", .reports, [env1.id]), ("Nia Nobody", .mediaLibraryUser, []),
        ]
        var created: [User] = []
        for (i, (name, role, envs)) in users.enumerated() {
            created.append(try await prov.createUser(
                NewUser(name: name, email: "person\(i)@example.com", role: role, subAccountIDs: envs), accountID: account))
        }
        let top = try await prov.createGroup(name: "Top", accountID: account)
        let media = try await prov.createGroup(name: "Media", accountID: account)
        try await perms.changeAssignments(
            [RoleGrantRequest(roleID: AssignmentRules.masterAdminAccountRoleID, principal: Principal(type: .group, id: top.id), scopeID: nil, parameters: [:]),
             RoleGrantRequest(roleID: "cld::role::prodenv::ml_admin", principal: Principal(type: .group, id: media.id), scopeID: env1.id, parameters: [:]),
             RoleGrantRequest(roleID: "cld::role::collection::editor", principal: Principal(type: .user, id: created[1].id), scopeID: env1.id,
                              parameters: ["collection_id": collection.externalID]),
             RoleGrantRequest(roleID: "cld::role::folder::editor", principal: Principal(type: .user, id: created[5].id), scopeID: env1.id,
                              parameters: ["folder_id": shared])],
            operation: .add, accountID: account)
        _ = try await prov.addUser(created[1].id, toGroup: media.id, accountID: account)
        _ = try await prov.addUser(created[3].id, toGroup: top.id, accountID: account)

        // The owner trusts the IdP, for IdP-initiated logins.
        let trusted = idp.identityProvider
        _ = try await s.saml.acting(as: .principal(Principal(type: .user, id: root.id))).configure(accountID: account) { settings in
            settings.identityProvider = trusted
            settings.enabled = true
            settings.idpInitiated = true
        }

        // People who sign in to the Console: the owner, an admin, a media user, a technical admin of one
        // environment and a reports user.
        _ = try await app.accounts.setUpOwnerPassword(accountID: account, password: Self.password)
        people = [root]
        for user in [created[0], created[1], created[2], created[4]] {
            let link = try #require(try await Targets.links(in: app).first { $0.user == user.id && $0.kind == "invitation" })
            people.append(try await s.identity.acceptInvitation(token: link.token, name: user.name, password: Self.password, confirmation: Self.password))
        }
    }

    static let password = "escalation test passphrase"
    /// The people who can sign in to the Console.
    var people: [User] = []

    /// A signed-in caller for each person, signing in again whoever was signed out.
    func signedInPeople() async throws -> [CallerRef] {
        var result: [CallerRef] = []
        for person in people {
            let identity = app.services.identity
            guard let current = try await app.store.read({ db in try db.user(id: person.id, accountID: person.accountID) }),
                  current.enabled, !current.isDeleted, !current.passwordResetPending,
                  try await identity.twoFactorStatus(of: current).enabled == false,
                  case .signedIn(let token)? = try? await identity.signIn(
                    email: current.email, password: Self.password, client: ClientInfo(address: "192.0.2.1", userAgent: "property test"))
            else { continue }
            result.append(.person(label: current.email, current, sessionToken: token))
        }
        return result
    }

    var callers: [CallerRef] { accountCallers + envCallers + [.local] }
}
