import Foundation
import GatehouseCore

/// SCIM's Users and Groups on Gatehouse's own users and groups, for one caller in one account. Each write is
/// one guarded transaction through the Provisioning API's rules (seats, unique emails, invitations, the
/// lifecycle), with the SCIM profile written beside it; the guard and the audit log see the token as caller.
public struct SCIMDirectory: Sendable {
    public let provisioning: ProvisioningService
    public let permissions: PermissionsService
    public let accountID: String
    /// `…/scim/v2`, for `meta.location` and `$ref`.
    public let baseURL: String

    public init(provisioning: ProvisioningService, permissions: PermissionsService, caller: Caller, accountID: String, baseURL: String) {
        self.provisioning = provisioning.acting(as: caller)
        self.permissions = permissions.acting(as: caller)
        self.accountID = accountID
        self.baseURL = baseURL
    }

    var store: GuardedStore { provisioning.store }
    static var users: SCIMResourceType { SCIMCatalog.userResourceType }
    static var groups: SCIMResourceType { SCIMCatalog.groupResourceType }

    // MARK: Users

    public func user(id: String) async throws -> JSONValue {
        try await store.read { db in try self.userResource(id: id, in: db) }
    }

    /// Users matching the query, one page. `userName eq` and `emails eq` filters are answered from the
    /// store's indexes; other filters and sorts are evaluated on every user of the account.
    public func users(_ query: SCIMListQuery) async throws -> JSONValue {
        try await store.read { db in
            let candidates = try self.candidateUsers(for: query.filter, in: db)
            if query.filter == nil, query.sortBy == nil {
                let page = query.page(of: candidates)
                return try self.listResponse(self.userResources(Array(page), in: db), total: candidates.count, query, type: Self.users)
            }
            var resources = try self.userResources(candidates, in: db)
            if let filter = query.filter { resources = resources.filter { filter.matches($0, in: Self.users) } }
            if let sortBy = query.sortBy { resources = SCIMSorter.sort(resources, by: sortBy, order: query.sortOrder, as: Self.users) }
            return self.listResponse(Array(query.page(of: resources)), total: resources.count, query, type: Self.users)
        }
    }

    public func createUser(body: JSONValue) async throws -> JSONValue {
        let resource = try Self.users.resource(fromBody: body)
        let fields = try SCIMUserView.fields(of: resource)
        let time = provisioning.now()
        return try await store.write(accountID: accountID) { db in
            try self.ensureUserNameFree(fields.userName, except: nil, in: db)
            // Access to product environments is a grant like any other: without the Cloudinary extension the user
            // starts in none (SAML, an administrator or a token holding it gives it), so a token holding only
            // User Provisioning can create users at all.
            let user = try self.provisioning.createUser(
                NewUser(name: fields.name, email: fields.email, role: nil, subAccountIDs: [], enabled: fields.active),
                accountID: self.accountID, in: db)
            try db.save(SCIMUserProfile(userID: user.id, accountID: self.accountID, attributes: fields.stored, updatedAt: time))
            if let access = fields.access { try self.applyAccess(access, to: user, in: db, at: time) }
            return try self.userResource(id: user.id, in: db)
        }
    }

    public func replaceUser(id: String, body: JSONValue, ifMatch: String?) async throws -> JSONValue {
        try await updateUser(id: id, ifMatch: ifMatch) { current in try Self.users.resource(fromBody: body, replacing: current) }
    }

    public func patchUser(id: String, patch: SCIMPatchRequest, ifMatch: String?) async throws -> JSONValue {
        try await updateUser(id: id, ifMatch: ifMatch) { current in try Self.users.resource(patching: current, with: patch) }
    }

    /// Cloudinary's delete: inactive for good, seat and email freed; the userName is freed too.
    public func deleteUser(id: String, ifMatch: String?) async throws {
        try await store.write(accountID: accountID) { db in
            let current = try self.userResource(id: id, in: db)
            try Self.ensure(ifMatch, matches: current)
            try self.provisioning.deleteUser(id: id, accountID: self.accountID, in: db)
            try db.deleteSCIMUserProfile(userID: id)
        }
    }

    private func updateUser(id: String, ifMatch: String?, _ change: @escaping @Sendable (JSONValue) throws -> JSONValue) async throws -> JSONValue {
        let time = provisioning.now()
        return try await store.write(accountID: accountID) { db in
            let current = try self.userResource(id: id, in: db)
            try Self.ensure(ifMatch, matches: current)
            let fields = try SCIMUserView.fields(of: try change(current))
            try self.ensureUserNameFree(fields.userName, except: id, in: db)
            let user = try self.provisioning.updateUser(
                id: id, accountID: self.accountID,
                changes: UserChanges(name: fields.name, email: fields.email, role: nil, subAccountIDs: nil, enabled: fields.active),
                in: db)
            let profile = try db.scimUserProfile(userID: id)
            if profile?.attributes != fields.stored {
                try db.save(SCIMUserProfile(userID: id, accountID: self.accountID, attributes: fields.stored, updatedAt: time))
            }
            let before = profile?.attributes.scimMember(SCIMCatalog.cloudinaryUserSchemaID)
            if let access = fields.access, fields.stored.scimMember(SCIMCatalog.cloudinaryUserSchemaID) != before {
                try self.applyAccess(access, to: user, in: db, at: time)
            }
            return try self.userResource(id: id, in: db)
        }
    }

    /// Our extension's environments and roles, read by the SAML mapping's rules. Each applies only when sent:
    /// `environments` sets the environments it names (or `all`), `roles` replaces the roles SCIM gave before.
    /// Values Gatehouse does not know (cloud names, roles) are kept as sent and not applied, as SAML ignores
    /// them: an extension that names nothing known changes nothing.
    private func applyAccess(_ access: [String: [String]], to user: User, in db: any StoreWriter, at time: Date) throws {
        let environments = SAMLRoleMapping.values(access[SAMLRoleMapping.subAccountsAttribute])
        let roles = SAMLRoleMapping.values(access[SAMLRoleMapping.roleAttribute])
        let wantsAll = environments.contains { $0.lowercased() == "all" }
        let named = environments.filter { $0.lowercased() != "all" }
        var mapping: SAMLRoleMapping
        do {
            mapping = try SAMLRoleMapping.map(
                [SAMLRoleMapping.subAccountsAttribute: named, SAMLRoleMapping.roleAttribute: roles], accountID: accountID,
                catalog: permissions.catalog, in: db)
        } catch let rejection as SAMLRejection {
            throw SCIMError.invalidValue(rejection.message)
        }
        let unknown = { (attribute: String) in mapping.ignored.filter { $0.hasPrefix(attribute + " ") }.count }
        let setsEnvironments = wantsAll || named.count > unknown(SAMLRoleMapping.subAccountsAttribute)
        if roles.count == unknown(SAMLRoleMapping.roleAttribute) {
            // No role known: none is given (the SAML default, Media Library User, is a sign-in's, not a sync's).
            mapping.grants = []
            mapping.legacyRoles = []
        }
        var updated = user
        if !user.root, let legacy = mapping.legacyRoles.first { updated.role = legacy }
        if setsEnvironments {
            let reach = EnvironmentAccessRule.access(role: updated.role, requested: wantsAll ? nil : mapping.subAccountIDs)
            updated.subAccountIDs = reach.ids
            updated.allSubAccounts = reach.all
        }
        if updated != user {
            updated.updatedAt = time
            try db.update(updated)
        }
        if access[SAMLRoleMapping.roleAttribute] != nil {
            try mapping.replaceRoles(of: updated, source: .scim, permissions: permissions, in: db, at: time)
            try LegacyRoleSync.refreshLegacyRole(userID: user.id, accountID: accountID, catalog: permissions.catalog, in: db, at: time)
        }
    }

    private func ensureUserNameFree(_ userName: String, except id: String?, in db: any StoreWriter) throws {
        // A user deleted through another door keeps its profile; its userName is free all the same.
        if let holder = try db.scimUserProfile(userName: userName, accountID: accountID), holder.userID != id,
           try db.user(id: holder.userID, accountID: accountID)?.isDeleted == false
        {
            throw SCIMError.uniqueness("userName '\(userName)' is taken")
        }
        if let holder = try db.scimUserProfile(userName: userName, accountID: accountID), holder.userID != id {
            try db.deleteSCIMUserProfile(userID: holder.userID)
        }
    }

    private func userResource(id: String, in db: any StoreReader) throws -> JSONValue {
        guard let user = try db.user(id: id, accountID: accountID), !user.isDeleted else { throw SCIMError.notFound("User \(id) not found") }
        return try userResources([user], in: db)[0]
    }

    private func userResources(_ users: [User], in db: any StoreReader) throws -> [JSONValue] {
        let groups = try db.groups(ofUsers: users.map(\.id))
        // A page reads its users' profiles one by one; a scan of the account reads them all at once.
        let profiles: [String: SCIMUserProfile]? = users.count > 200
            ? Dictionary(try db.scimUserProfiles(accountID: accountID).map { ($0.userID, $0) }) { first, _ in first }
            : nil
        return try users.map { user in
            let profile = try profiles.map { $0[user.id] } ?? db.scimUserProfile(userID: user.id)
            return SCIMUserView.resource(user, profile: profile, groups: groups[user.id] ?? [], baseURL: baseURL)
        }
    }

    /// The account's live users, narrowed by an index when the filter says `userName eq` or `emails eq`.
    private func candidateUsers(for filter: SCIMFilter?, in db: any StoreReader) throws -> [User] {
        for (path, value) in filter?.stringEqualities ?? [] where path.schema == nil || path.schema?.lowercased() == SCIMCatalog.userSchemaID.lowercased() {
            switch (path.attribute.lowercased(), path.subAttribute?.lowercased()) {
            case ("username", nil):
                if let profile = try db.scimUserProfile(userName: value, accountID: accountID) {
                    guard let user = try db.user(id: profile.userID, accountID: accountID), !user.isDeleted else { return [] }
                    return [user]
                }
                // A user no SCIM client has named yet answers to its email.
                guard let user = try db.liveUser(email: EmailRule.canonical(value)), user.accountID == accountID,
                      try db.scimUserProfile(userID: user.id) == nil
                else { return [] }
                return [user]
            case ("id", nil):
                guard let user = try db.user(id: value, accountID: accountID), !user.isDeleted else { return [] }
                return [user]
            default: continue
            }
        }
        // Any other string comparison that must hold names text found either in the user's own fields (email,
        // name: what userName, emails and displayName show) or in its stored profile; `id`, `meta` and `groups`
        // are the server's and found nowhere in either.
        for case .comparison(let path, let op, .string(let value)) in filter?.conjuncts ?? []
        where [.eq, .co, .sw, .ew].contains(op) && !["id", "meta", "groups"].contains(path.attribute.lowercased()) {
            if let users = try usersMentioning(value, in: db) { return users }
        }
        var query = UserQuery(accountID: accountID)
        query.sortBy = .createdAt
        query.sortOrder = .asc
        return try db.users(query).filter { !$0.isDeleted }
    }

    /// Live users whose name or email (the user table) or stored SCIM attributes contain `text`: a superset of
    /// those a string comparison with `text` can match, from the store, in creation order. Nil
    /// when `text` is not plain printable ASCII (stored JSON escapes some characters, and SQLite folds only
    /// ASCII case).
    private func usersMentioning(_ text: String, in db: any StoreReader) throws -> [User]? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) && !"\"\\/".unicodeScalars.contains($0) })
        else { return nil }
        var query = UserQuery(accountID: accountID)
        query.search = text
        var users = try db.users(query).filter { !$0.isDeleted }
        let found = Set(users.map(\.id))
        for id in try db.scimUserIDs(accountID: accountID, mentioning: text) where !found.contains(id) {
            if let user = try db.user(id: id, accountID: accountID), !user.isDeleted { users.append(user) }
        }
        return users.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    // MARK: Groups

    public func group(id: String) async throws -> JSONValue {
        try await store.read { db in try self.groupResource(id: id, in: db) }
    }

    public func groups(_ query: SCIMListQuery) async throws -> JSONValue {
        try await store.read { db in
            var groups = try db.groups(accountID: self.accountID)
            for (path, value) in query.filter?.stringEqualities ?? [] where path.attribute.lowercased() == "displayname" && path.subAttribute == nil {
                groups = groups.filter { $0.name.lowercased() == value.lowercased() }
            }
            var resources = try groups.map { try self.groupResource($0, in: db) }
            if let filter = query.filter { resources = resources.filter { filter.matches($0, in: Self.groups) } }
            if let sortBy = query.sortBy { resources = SCIMSorter.sort(resources, by: sortBy, order: query.sortOrder, as: Self.groups) }
            return self.listResponse(Array(query.page(of: resources)), total: resources.count, query, type: Self.groups)
        }
    }

    public func createGroup(body: JSONValue) async throws -> JSONValue {
        let fields = try SCIMGroupView.fields(of: try Self.groups.resource(fromBody: body))
        let time = provisioning.now()
        return try await store.write(accountID: accountID) { db in
            let group = try self.provisioning.createGroup(name: fields.displayName, accountID: self.accountID, in: db)
            try self.setMembers(fields.memberIDs, of: group.id, in: db)
            if fields.stored.isSCIMPresent {
                try db.save(SCIMGroupProfile(groupID: group.id, accountID: self.accountID, attributes: fields.stored, updatedAt: time))
            }
            return try self.groupResource(id: group.id, in: db)
        }
    }

    public func replaceGroup(id: String, body: JSONValue, ifMatch: String?) async throws -> JSONValue {
        try await updateGroup(id: id, ifMatch: ifMatch) { current in try Self.groups.resource(fromBody: body, replacing: current) }
    }

    public func patchGroup(id: String, patch: SCIMPatchRequest, ifMatch: String?) async throws -> JSONValue {
        try await updateGroup(id: id, ifMatch: ifMatch) { current in try Self.groups.resource(patching: current, with: patch) }
    }

    public func deleteGroup(id: String, ifMatch: String?) async throws {
        try await store.write(accountID: accountID) { db in
            let current = try self.groupResource(id: id, in: db)
            try Self.ensure(ifMatch, matches: current)
            try db.deleteAssignments(of: Principal(type: .group, id: id), accountID: self.accountID)
            try db.deleteGroup(id: id)
        }
    }

    private func updateGroup(id: String, ifMatch: String?, _ change: @escaping @Sendable (JSONValue) throws -> JSONValue) async throws -> JSONValue {
        let time = provisioning.now()
        return try await store.write(accountID: accountID) { db in
            let current = try self.groupResource(id: id, in: db)
            try Self.ensure(ifMatch, matches: current)
            let fields = try SCIMGroupView.fields(of: try change(current))
            var group = try ProvisioningService.requireGroup(id, self.accountID, db)
            let name = try FieldRules.name(fields.displayName)
            if name != group.name {
                try ProvisioningService.ensureGroupNameFree(name, accountID: self.accountID, exceptID: id, db)
                group.name = name
                group.updatedAt = time
                try db.update(group)
            }
            try self.setMembers(fields.memberIDs, of: id, in: db)
            let profile = try db.scimGroupProfile(groupID: id)
            if (profile?.attributes ?? .object([:])) != fields.stored {
                try db.save(SCIMGroupProfile(groupID: id, accountID: self.accountID, attributes: fields.stored, updatedAt: time))
            }
            return try self.groupResource(id: id, in: db)
        }
    }

    /// Makes the group's members exactly `ids`; an id that is not a live user of the account is refused.
    private func setMembers(_ ids: [String], of groupID: String, in db: any StoreWriter) throws {
        let current = Set(try db.members(ofGroup: groupID).map(\.id))
        for id in ids where !current.contains(id) {
            guard let user = try db.user(id: id, accountID: accountID), !user.isDeleted else {
                throw SCIMError.invalidValue("members: no user has id '\(id)'")
            }
            try db.addMember(userID: id, groupID: groupID)
        }
        for id in current where !ids.contains(id) { try db.removeMember(userID: id, groupID: groupID) }
    }

    private func groupResource(id: String, in db: any StoreReader) throws -> JSONValue {
        guard let group = try db.group(id: id, accountID: accountID) else { throw SCIMError.notFound("Group \(id) not found") }
        return try groupResource(group, in: db)
    }

    private func groupResource(_ group: UserGroup, in db: any StoreReader) throws -> JSONValue {
        SCIMGroupView.resource(
            group, members: try db.members(ofGroup: group.id), profile: try db.scimGroupProfile(groupID: group.id), baseURL: baseURL)
    }

    // MARK: Shared

    private func listResponse(_ resources: [JSONValue], total: Int, _ query: SCIMListQuery, type: SCIMResourceType) -> JSONValue {
        SCIMCatalog.listResponse(resources.map { query.projection.apply(to: $0, as: type) }, totalResults: total, startIndex: query.startIndex)
    }

    /// `If-Match` (RFC 7644 §3.14): a write to a resource changed since the client read it is refused.
    static func ensure(_ ifMatch: String?, matches current: JSONValue) throws {
        guard let ifMatch, let etag = SCIMMeta.etag(of: current) else { return }
        guard SCIMETag.ifMatch(ifMatch, admits: etag) else {
            throw SCIMError.preconditionFailed("The resource changed since version \(ifMatch); it is now \(etag)")
        }
    }
}
