import Foundation

/// One page of the Console's users table: the users with their direct roles and their groups, each column read
/// once for the whole page (never once per user), and how many users match in all.
public struct UserTablePage: Sendable {
    public struct Row: Sendable {
        public var user: User
        /// Roles held directly, with the environment (`nil`: account level, `all`, or an environment id).
        public var roles: [(role: Role, scopeID: String?)]
        public var groups: [UserGroup]
    }

    public var rows: [Row]
    public var total: Int
    /// The account's environments (for their names and the filter) and its seats, read with the page.
    public var environments: [ProductEnvironment]
    public var seatsUsed: Int
    public var seatLimit: Int
}

extension ProvisioningService {
    /// A page of `query` (its `pageSize` is required) with the Roles and Groups columns.
    public func userTable(_ query: UserQuery) async throws -> UserTablePage {
        precondition(query.pageSize != nil, "the users table is always paged")
        let catalog = self.catalog
        return try await store.read { db in
            let (users, total) = try db.userPage(query)
            let ids = users.map(\.id)
            let groups = try db.groups(ofUsers: ids)
            let assignments = try db.assignments(accountID: query.accountID, userIDs: ids)
            let custom = assignments.contains { catalog.role(id: $0.roleID) == nil } ? try db.customRoles(accountID: query.accountID) : []
            let customByID = Dictionary(custom.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var roles: [String: [(role: Role, scopeID: String?)]] = [:]
            for assignment in assignments where assignment.instance == nil {
                // An assignment naming a role that is gone grants nothing, so it is not shown either.
                guard let role = catalog.role(id: assignment.roleID) ?? customByID[assignment.roleID] else { continue }
                var held = roles[assignment.principal.id, default: []]
                if !held.contains(where: { $0.role.id == role.id && $0.scopeID == assignment.scopeID }) { held.append((role, assignment.scopeID)) }
                roles[assignment.principal.id] = held
            }
            let rows = users.map { UserTablePage.Row(user: $0, roles: roles[$0.id] ?? [], groups: groups[$0.id] ?? []) }
            let account = try Self.requireAccount(query.accountID, db)
            return UserTablePage(
                rows: rows, total: total, environments: try db.environments(EnvironmentQuery(accountID: query.accountID)),
                seatsUsed: try db.seatsUsed(accountID: query.accountID), seatLimit: SeatPolicy.limit(of: account))
        }
    }
}
