import Foundation
import GatehouseCore
import PostgresNIO

extension PostgresTransaction {
    /// A user row with its environment access in the same read (sorted, as SQLite's key order gives it).
    static let userColumns = """
        users.*, CASE WHEN users.allSubAccounts THEN ARRAY[]::text[] ELSE ARRAY(
            SELECT environmentID FROM userEnvironment WHERE userEnvironment.userID = users.id ORDER BY environmentID) END AS subAccountIDs
        """

    func user(id: String, accountID: String) throws -> User? {
        try row("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id) AND accountID = \(accountID)").map(Self.user)
    }

    func liveUser(email: String) throws -> User? {
        try row("SELECT \(unescaped: Self.userColumns) FROM users WHERE emailKey = \(email) AND status <> 'inactive'").map(Self.user)
    }

    func users(_ query: UserQuery) throws -> [User] {
        var sql = UserSQL(query)
        let paging = sql.paging()
        let text = "SELECT \(Self.userColumns) FROM users WHERE \(sql.condition) ORDER BY \(sql.ordering)\(paging)"
        return try rows(PostgresQuery(unsafeSQL: text, binds: sql.binds)).map(Self.user)
    }

    /// The page and the count run the same filters in SQL, so a page costs the same at any account size.
    func userPage(_ query: UserQuery) throws -> (users: [User], total: Int) {
        let sql = UserSQL(query)
        let total = try row(PostgresQuery(unsafeSQL: "SELECT count(*) AS total FROM users WHERE \(sql.condition)", binds: sql.binds))
        return (try users(query), try total?.value("total", as: Int.self) ?? 0)
    }

    /// Each user's groups, for a page of users in one read.
    func groups(ofUsers userIDs: [String]) throws -> [String: [UserGroup]] {
        guard !userIDs.isEmpty else { return [:] }
        var result: [String: [UserGroup]] = [:]
        let rows = try rows("""
            SELECT groupMember.userID AS memberID, userGroup.* FROM groupMember JOIN userGroup ON userGroup.id = groupMember.groupID
            WHERE groupMember.userID = ANY(\(userIDs)) ORDER BY userGroup.nameKey
            """)
        for row in rows { result[try row.value("memberID", as: String.self), default: []].append(try Self.group(row)) }
        return result
    }

    /// Kept by the triggers of `v1-directory`.
    func seatsUsed(accountID: String) throws -> Int {
        try row("SELECT seatsUsed FROM account WHERE id = \(accountID)").map { try $0.value("seatsUsed") } ?? 0
    }

    func insert(_ user: User) throws {
        // The user and its environment access in one statement (foreign keys are checked at its end).
        try execute("""
            WITH inserted AS (
                INSERT INTO users (id, accountID, name, nameKey, email, emailKey, role, status, enabled, allSubAccounts,
                                   root, twoFactor, passwordResetPending, lastLogin, createdAt, updatedAt)
                VALUES (\(user.id), \(user.accountID), \(user.name), \(user.name.lowercased()), \(user.email),
                        \(EmailRule.canonical(user.email)), \(user.role.rawValue), \(user.status.rawValue), \(user.enabled),
                        \(user.allSubAccounts), \(user.root), \(user.twoFactor), \(user.passwordResetPending), \(user.lastLogin),
                        \(user.createdAt), \(user.updatedAt))
                RETURNING id)
            INSERT INTO userEnvironment (userID, environmentID)
            SELECT inserted.id, env FROM inserted, unnest(\(Self.environmentAccess(of: user))::text[]) AS env
            """)
    }

    func update(_ user: User) throws {
        let access = Self.environmentAccess(of: user)
        let changed = try execute("""
            UPDATE users SET accountID = \(user.accountID), name = \(user.name), nameKey = \(user.name.lowercased()),
                email = \(user.email), emailKey = \(EmailRule.canonical(user.email)), role = \(user.role.rawValue),
                status = \(user.status.rawValue), enabled = \(user.enabled), allSubAccounts = \(user.allSubAccounts),
                root = \(user.root), twoFactor = \(user.twoFactor), passwordResetPending = \(user.passwordResetPending),
                lastLogin = \(user.lastLogin), createdAt = \(user.createdAt), updatedAt = \(user.updatedAt)
            WHERE id = \(user.id)
            """)
        guard changed > 0 else { throw GatehouseError.notFound(kind: .user, id: user.id) }
        // Removes only what is no longer granted, so the insert never meets a row the delete still holds.
        try execute("""
            WITH revoked AS (DELETE FROM userEnvironment WHERE userID = \(user.id) AND environmentID <> ALL(\(access)))
            INSERT INTO userEnvironment (userID, environmentID) SELECT \(user.id), env FROM unnest(\(access)::text[]) AS env
            ON CONFLICT DO NOTHING
            """)
    }

    /// The rows `userEnvironment` holds for the user: none when it reaches every environment.
    private static func environmentAccess(of user: User) -> [String] { user.allSubAccounts ? [] : user.subAccountIDs }

    static func user(_ row: Row) throws -> User {
        User(
            id: try row.value("id"), accountID: try row.value("accountID"), name: try row.value("name"), email: try row.value("email"),
            role: try row.value("role", table: "users"), status: try row.value("status", table: "users"), enabled: try row.value("enabled"),
            subAccountIDs: try row.value("subAccountIDs"), allSubAccounts: try row.value("allSubAccounts"), root: try row.value("root"),
            twoFactor: try row.value("twoFactor"), passwordResetPending: try row.value("passwordResetPending"),
            lastLogin: try row.value("lastLogin"), createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"))
    }
}

/// The WHERE, ORDER BY and paging of a `UserQuery`, assembled from fixed fragments: every value the query
/// carries is a bind parameter.
private struct UserSQL {
    let query: UserQuery
    private(set) var binds = PostgresBindings()
    private(set) var condition = ""

    init(_ query: UserQuery) {
        self.query = query
        condition = conditions().joined(separator: " AND ")
    }

    private mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    private mutating func conditions() -> [String] {
        let account = bind(query.accountID)
        if query.selectsByIdentity {
            var either: [String] = []
            if !query.ids.isEmpty { either.append("id = ANY(\(bind(query.ids)))") }
            if !query.emails.isEmpty { either.append("emailKey = ANY(\(bind(query.emails)))") }
            return ["accountID = \(account)", "(\(either.joined(separator: " OR ")))"]
        }
        var all = ["accountID = \(account)"]
        if let prefix = query.namePrefix?.lowercased(), !prefix.isEmpty {
            all.append("nameKey >= \(bind(prefix)) AND nameKey < \(bind(prefix + "\u{10FFFF}"))")
        }
        if let status = query.status { all.append("status = \(bind(status.rawValue))") }
        if let env = query.subAccountID {
            all.append("""
                (allSubAccounts OR role = \(bind(LegacyRole.masterAdmin.rawValue))
                 OR id IN (SELECT userID FROM userEnvironment WHERE environmentID = \(bind(env))))
                """)
        }
        if let range = query.lastLogin {
            var inRange = ["lastLogin IS NOT NULL"]
            if let from = range.from { inRange.append("lastLogin >= \(bind(from))") }
            if let until = range.until { inRange.append("lastLogin < \(bind(until))") }
            let joined = "(" + inRange.joined(separator: " AND ") + ")"
            all.append(range.mode == .include ? joined : "NOT \(joined)")
        }
        return all + consoleConditions(account: account)
    }

    /// The Console's filters: search, role, group and the password-reset state.
    private mutating func consoleConditions(account: String) -> [String] {
        var all: [String] = []
        if let search = query.search?.trimmingCharacters(in: .whitespaces).lowercased(), !search.isEmpty {
            // nameKey and emailKey are stored lowercased; strpos reads the text as it is (no LIKE wildcards).
            let text = bind(search)
            all.append("(strpos(nameKey, \(text)) > 0 OR strpos(emailKey, \(text)) > 0)")
        }
        if let roleID = query.roleID {
            let role = bind(roleID)
            all.append("""
                id IN (SELECT principalID FROM roleAssignment
                        WHERE accountID = \(account) AND roleID = \(role) AND principalType = \(bind(PrincipalType.user.rawValue))
                    UNION ALL SELECT userID FROM groupMember WHERE groupID IN (SELECT principalID FROM roleAssignment
                        WHERE accountID = \(account) AND roleID = \(role) AND principalType = \(bind(PrincipalType.group.rawValue))))
                """)
        }
        if let groupID = query.groupID {
            all.append("id IN (SELECT userID FROM groupMember WHERE groupID = \(bind(groupID)))")
        }
        if let reset = query.passwordReset {
            all.append("passwordResetPending = \(bind(reset))")
            if reset { all.append("status <> \(bind(UserStatus.inactive.rawValue))") }
        }
        return all
    }

    /// SQLite's order: the column, then insertion order, both the same way. SQLite puts NULL first.
    var ordering: String {
        let ascending = query.sortOrder == .asc
        let direction = ascending ? "ASC" : "DESC"
        let column: String
        switch query.sortBy {
        case .name: column = "nameKey \(direction)"
        case .role: column = "role \(direction)"
        case .status: column = "status \(direction)"
        case .activity: column = "lastLogin \(direction) \(ascending ? "NULLS FIRST" : "NULLS LAST")"
        case .createdAt: return "seq \(direction)"
        }
        return "\(column), seq \(direction)"
    }

    /// `LIMIT`/`OFFSET` for a page; a page beyond any count is empty, a negative size is no limit (as SQLite).
    mutating func paging() -> String {
        guard let size = query.pageSize, size >= 0 else { return "" }
        let (offset, overflow) = (max(query.page, 1) - 1).multipliedReportingOverflow(by: size)
        return " LIMIT \(bind(size)) OFFSET \(bind(overflow ? Int.max : offset))"
    }
}
