import Foundation

/// Up to five people invited together with the same roles, environment access and groups (the Console's
/// **Invite**). Per-person problems name their row: `email_<n>` / `name_<n>`, 1-based.
public struct Invitation: Sendable {
    public struct Person: Sendable {
        public var email: String
        public var name: String
        public init(email: String, name: String) {
            self.email = email
            self.name = name
        }
    }

    public static let maxPeople = 5

    public var people: [Person]
    /// Global roles each person gets: the role and its environment (nil: account level, `all`, or an id).
    public var roles: [(roleID: String, scopeID: String?)]
    /// Environments the people reach; nil: all of them.
    public var subAccountIDs: [String]?
    public var groupIDs: [String]

    public init(people: [Person], roles: [(roleID: String, scopeID: String?)], subAccountIDs: [String]?, groupIDs: [String]) {
        self.people = people
        self.roles = roles
        self.subAccountIDs = subAccountIDs
        self.groupIDs = groupIDs
    }
}

extension ProvisioningService {
    /// Creates every invited user with its roles and groups and mails the invitations, all in one transaction:
    /// every check (addresses, seats, roles, groups, the escalation guard) passes first, or nothing is written.
    /// `permissions` resolves the roles by the same rules as the Permissions API.
    public func invite(_ invitation: Invitation, accountID: String, permissions: PermissionsService) async throws -> [User] {
        let people = try Self.validatedPeople(invitation.people)
        let roleIDs = invitation.roles.map(\.roleID)
        // Named after the legacy role its roles amount to; the default one's roles only when none are chosen.
        let legacy = roleIDs.isEmpty
            ? LegacyRole.defaultForNewUser : LegacyRoleSync.legacyRole(holding: Set(roleIDs), catalog: catalog) ?? .defaultForNewUser
        let access = EnvironmentAccessRule.access(role: legacy, requested: invitation.subAccountIDs)
        let timestamp = now()
        let ids = people.map { _ in self.ids.userID() }
        let groupIDs = Array(Set(invitation.groupIDs)).sorted()
        return try await store.write(accountID: accountID) { db in
            let account = try Self.requireAccount(accountID, db)
            try EnvironmentAccessRule.ensureExist(access.ids, accountID: accountID, in: db)
            for groupID in groupIDs { _ = try Self.requireGroup(groupID, accountID, db) }
            for (index, person) in people.enumerated() where try db.liveUser(email: EmailRule.canonical(person.email)) != nil {
                throw GatehouseError.invalidField(field: "email_\(index + 1)", reason: "already belongs to a user: \(person.email)")
            }
            try SeatPolicy.ensureSeatsAvailable(people.count, for: account, in: db)
            var created: [User] = []
            for (person, id) in zip(people, ids) {
                let user = User(
                    id: id, accountID: accountID, name: person.name, email: person.email, role: legacy, status: .pending,
                    subAccountIDs: access.ids, allSubAccounts: access.all, createdAt: timestamp, updatedAt: timestamp)
                try db.insert(user)
                if roleIDs.isEmpty { try LegacyRoleSync.apply(to: user, catalog: self.catalog, in: db, at: timestamp) }
                let principal = Principal(type: .user, id: id)
                for (roleID, scopeID) in invitation.roles {
                    let request = RoleGrantRequest(roleID: roleID, principal: principal, scopeID: scopeID, parameters: [:])
                    let assignment = try permissions.resolve(request, accountID: accountID, at: timestamp, in: db)
                    let held = try db.assignments(accountID: accountID, roleID: roleID, principal: principal)
                    if !held.contains(where: { $0.isSameHolding(as: assignment) }) { try db.insert(assignment) }
                }
                for groupID in groupIDs { try db.addMember(userID: id, groupID: groupID) }
                try self.links.inviteNewUser(user, in: db, at: timestamp)
                created.append(user)
            }
            return created
        }
    }

    /// Addresses valid and not given twice, names trimmed (empty: shown by the email until the user sets one).
    static func validatedPeople(_ people: [Invitation.Person]) throws -> [Invitation.Person] {
        guard !people.isEmpty else { throw GatehouseError.invalidField(field: "email_1", reason: "is required: enter at least one email") }
        guard people.count <= Invitation.maxPeople else {
            throw GatehouseError.invalidField(field: "email_1", reason: "invites at most \(Invitation.maxPeople) users at once")
        }
        var seen = Set<String>()
        return try people.enumerated().map { index, person in
            let email = try EmailRule.validated(person.email, field: "email_\(index + 1)")
            guard seen.insert(EmailRule.canonical(email)).inserted else {
                throw GatehouseError.invalidField(field: "email_\(index + 1)", reason: "is given twice: \(email)")
            }
            let name = try FieldRules.optionalName(person.name, field: "name_\(index + 1)") ?? ""
            return Invitation.Person(email: email, name: name)
        }
    }

    /// Makes the user a member of exactly these groups, in one transaction.
    public func setGroups(ofUser userID: String, to groupIDs: [String], accountID: String) async throws {
        try await store.write(accountID: accountID) { db in
            let user = try Self.requireUser(userID, accountID, db)
            try UserLifecycle.ensureMutable(user)
            let wanted = Set(groupIDs)
            for groupID in wanted { _ = try Self.requireGroup(groupID, accountID, db) }
            let current = Set(try db.groups(ofUser: userID).map(\.id))
            for groupID in current.subtracting(wanted) { try db.removeMember(userID: userID, groupID: groupID) }
            for groupID in wanted.subtracting(current).sorted() { try db.addMember(userID: userID, groupID: groupID) }
        }
    }
}

extension ProvisioningService {
    /// Gives the user all product environments (`nil`) or exactly these; its legacy-derived roles follow.
    public func setEnvironmentAccess(ofUser userID: String, to subAccountIDs: [String]?, accountID: String) async throws -> User {
        let timestamp = now()
        return try await store.write(accountID: accountID) { db in
            var user = try Self.requireUser(userID, accountID, db)
            try UserLifecycle.ensureMutable(user)
            let access = EnvironmentAccessRule.access(role: user.role, requested: subAccountIDs)
            try EnvironmentAccessRule.ensureExist(access.ids, accountID: accountID, in: db)
            user.subAccountIDs = access.ids
            user.allSubAccounts = access.all
            user.updatedAt = timestamp
            try db.update(user)
            try LegacyRoleSync.apply(to: user, catalog: self.catalog, in: db, at: timestamp)
            return user
        }
    }
}
