import Foundation
import GatehouseCore
import GRDB

/// `StoreWriter` over one GRDB database connection inside a transaction.
struct SQLiteTransaction: StoreWriter {
    let db: Database

    // MARK: Accounts and keys

    func accounts() throws -> [Account] {
        try AccountRecord.order(Column("createdAt")).fetchAll(db).map(\.domain)
    }

    func account(id: String) throws -> Account? {
        try AccountRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM account WHERE id = ?"), arguments: [id])?.domain
    }

    /// Read on every account-API request: a cached statement skips building and preparing the query.
    func provisioningKey(key: String) throws -> ProvisioningKey? {
        try ProvisioningKeyRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM provisioningKey WHERE key = ?"), arguments: [key])?.domain
    }

    func insert(_ account: Account) throws { try AccountRecord(account).insert(db) }
    func update(_ account: Account) throws { try AccountRecord(account).update(db) }
    func insert(_ key: ProvisioningKey) throws { try ProvisioningKeyRecord(key).insert(db) }
    func deleteProvisioningKey(key: String, accountID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM provisioningKey WHERE key = ? AND accountID = ?").execute(arguments: [key, accountID])
    }

    // MARK: Users

    func user(id: String, accountID: String) throws -> User? {
        let record = try UserRecord.fetchOne(db.cachedStatement(sql: #"SELECT * FROM "user" WHERE id = ? AND accountID = ?"#), arguments: [id, accountID])
        return try record.map { try attachEnvironments([$0])[0] }
    }

    func liveUser(email: String) throws -> User? {
        // The status is written into the SQL, not bound: a bound value compared with the partial index's
        // WHERE makes SQLite compile the statement again at every execution.
        let record = try UserRecord.fetchOne(
            db.cachedStatement(sql: #"SELECT * FROM "user" WHERE emailKey = ? AND status <> '\#(UserStatus.inactive.rawValue)' LIMIT 1"#),
            arguments: [email])
        return try record.map { try attachEnvironments([$0])[0] }
    }

    func users(_ query: UserQuery) throws -> [User] {
        var request = matching(query).order(Self.ordering(query))
        if let size = query.pageSize { request = request.limit(size, offset: (max(query.page, 1) - 1) * size) }
        return try attachEnvironments(try request.fetchAll(db))
    }

    /// The page and the count run the same filters in SQL, so a page costs the same at any account size.
    func userPage(_ query: UserQuery) throws -> (users: [User], total: Int) {
        let total = try matching(query).fetchCount(db)
        return (try users(query), total)
    }

    private func matching(_ query: UserQuery) -> QueryInterfaceRequest<UserRecord> {
        var request = UserRecord.all()
        if query.selectsByIdentity {
            // `+accountID` keeps SQLite from scanning the account's users when the id/email indexes find
            // the few rows asked for directly.
            request = request.filter(SQL("+accountID = \(query.accountID)").sqlExpression)
            // Built without a constant seed term so SQLite can use the id and email indexes.
            let byID = query.ids.contains(Column("id"))
            let byEmail = query.emails.contains(Column("emailKey"))
            switch (query.ids.isEmpty, query.emails.isEmpty) {
            case (false, true): return request.filter(byID)
            case (true, false): return request.filter(byEmail)
            default: return request.filter(byID || byEmail)
            }
        }
        request = request.filter(Column("accountID") == query.accountID)
        if let prefix = query.namePrefix?.lowercased(), !prefix.isEmpty {
            request = request.filter(Column("nameKey") >= prefix && Column("nameKey") < prefix + "\u{10FFFF}")
        }
        if let status = query.status { request = request.filter(Column("status") == status.rawValue) }
        if let env = query.subAccountID {
            let hasAccess = SQL("id IN (SELECT userID FROM userEnvironment WHERE environmentID = \(env))").sqlExpression
            request = request.filter(
                Column("allSubAccounts") == true || Column("role") == LegacyRole.masterAdmin.rawValue || hasAccess)
        }
        if let range = query.lastLogin {
            var inRange: SQLExpression = Column("lastLogin") != nil
            if let from = range.from { inRange = inRange && Column("lastLogin") >= from }
            if let until = range.until { inRange = inRange && Column("lastLogin") < until }
            request = request.filter(range.mode == .include ? inRange : !inRange)
        }
        return filteredForConsole(request, query)
    }

    /// The Console's filters: search, role, group and the password-reset state.
    private func filteredForConsole(_ request: QueryInterfaceRequest<UserRecord>, _ query: UserQuery) -> QueryInterfaceRequest<UserRecord> {
        var request = request
        if let search = query.search?.trimmingCharacters(in: .whitespaces).lowercased(), !search.isEmpty {
            // nameKey and emailKey are stored lowercased; instr reads the text as it is (no LIKE wildcards).
            request = request.filter(SQL("(instr(nameKey, \(search)) > 0 OR instr(emailKey, \(search)) > 0)").sqlExpression)
        }
        if let roleID = query.roleID {
            // One list of holders (direct, then through groups), read once: faster at 100,000 users than an OR of
            // two lists or a lookup per user.
            let user = PrincipalType.user.rawValue, group = PrincipalType.group.rawValue
            request = request.filter(SQL("""
                +id IN (SELECT principalID FROM roleAssignment
                        WHERE accountID = \(query.accountID) AND roleID = \(roleID) AND principalType = \(user)
                    UNION ALL SELECT userID FROM groupMember WHERE groupID IN (SELECT principalID FROM roleAssignment
                        WHERE accountID = \(query.accountID) AND roleID = \(roleID) AND principalType = \(group)))
                """).sqlExpression)
        }
        if let groupID = query.groupID {
            request = request.filter(SQL("id IN (SELECT userID FROM groupMember WHERE groupID = \(groupID))").sqlExpression)
        }
        if let reset = query.passwordReset {
            request = request.filter(Column("passwordResetPending") == reset)
            if reset { request = request.filter(Column("status") != UserStatus.inactive.rawValue) }
        }
        return request
    }

    /// Each user's groups, for a page of users in one read.
    func groups(ofUsers userIDs: [String]) throws -> [String: [UserGroup]] {
        var result: [String: [UserGroup]] = [:]
        for chunk in stride(from: 0, to: userIDs.count, by: 500).map({ Array(userIDs[$0..<min($0 + 500, userIDs.count)]) }) {
            let rows = try Row.fetchAll(db, sql: """
                SELECT groupMember.userID AS memberID, userGroup.* FROM groupMember JOIN userGroup ON userGroup.id = groupMember.groupID
                WHERE groupMember.userID IN (\(databaseQuestionMarks(count: chunk.count))) ORDER BY userGroup.nameKey
                """, arguments: StatementArguments(chunk))
            for row in rows { result[row["memberID"], default: []].append(try UserGroupRecord(row: row).domain) }
        }
        return result
    }

    private static func ordering(_ query: UserQuery) -> [SQLOrderingTerm] {
        let column: Column
        switch query.sortBy {
        case .name: column = Column("nameKey")
        case .role: column = Column("role")
        case .status: column = Column("status")
        case .activity: column = Column("lastLogin")
        case .createdAt: column = Column.rowID
        }
        let ascending = query.sortOrder == .asc
        return [ascending ? column.asc : column.desc, ascending ? Column.rowID.asc : Column.rowID.desc]
    }

    /// Loads environment access for a batch of users in one query.
    private func attachEnvironments(_ records: [UserRecord]) throws -> [User] {
        let restricted = records.filter { !$0.allSubAccounts }.map(\.id)
        var access: [String: [String]] = [:]
        for chunk in stride(from: 0, to: restricted.count, by: 500).map({ Array(restricted[$0..<min($0 + 500, restricted.count)]) }) {
            let rows = try Row.fetchAll(
                db, sql: "SELECT userID, environmentID FROM userEnvironment WHERE userID IN (\(databaseQuestionMarks(count: chunk.count)))",
                arguments: StatementArguments(chunk))
            for row in rows { access[row["userID"], default: []].append(row["environmentID"]) }
        }
        return try records.map { try $0.domain(subAccountIDs: access[$0.id] ?? []) }
    }

    /// Maintained by triggers (migration `v4-seat-counter`).
    func writeGeneration() throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM writeGeneration WHERE id = 1")) ?? 0
    }

    /// One row, both stamps: this runs on every check.
    func standingStamps(accountID: String, principal: Principal?) throws -> StandingStamps {
        let roles = StandingChange.Scope.roles(accountID: accountID).key
        let own = principal.map { StandingChange.Scope.principal($0).key } ?? ""
        let row = try db.cachedStatement(sql: """
                SELECT coalesce(max(CASE WHEN scope <> ? THEN generation END), 0), coalesce(max(CASE WHEN scope <> ? THEN generation END), 0),
                    (SELECT value FROM writeGeneration WHERE id = 1)
                FROM standingChange WHERE scope IN (?, ?, ?, ?)
                """
        ).firstIntegers(binding: [roles, own, StandingChange.Scope.everything.key, StandingChange.Scope.account(accountID).key, roles, own], count: 3)
        return StandingStamps(principal: row?[0] ?? 0, roles: row?[1] ?? 0, generation: row?[2] ?? 0)
    }

    /// Stamps each scope the write changed with the generation its commit will have (`GroupCommitter` adds
    /// one to the write generation when the batch commits).
    func recordStandingChange(_ change: StandingChange) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO standingChange (scope, generation) VALUES (?, (SELECT value + 1 FROM writeGeneration WHERE id = 1))
            ON CONFLICT (scope) DO UPDATE SET generation = excluded.generation
            """)
        for key in change.keys { try statement.execute(arguments: [key]) }
    }

    func seatsUsed(accountID: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT seatsUsed FROM account WHERE id = ?"), arguments: [accountID]) ?? 0
    }

    func insert(_ user: User) throws {
        try UserRecord(user).insert(db)
        try writeEnvironments(of: user)
    }

    func update(_ user: User) throws {
        try UserRecord(user).update(db)
        try db.cachedStatement(sql: "DELETE FROM userEnvironment WHERE userID = ?").execute(arguments: [user.id])
        try writeEnvironments(of: user)
    }

    private func writeEnvironments(of user: User) throws {
        guard !user.allSubAccounts else { return }
        for env in user.subAccountIDs {
            try db.cachedStatement(sql: "INSERT INTO userEnvironment (userID, environmentID) VALUES (?, ?)").execute(arguments: [user.id, env])
        }
    }

    // MARK: Groups

    func group(id: String, accountID: String) throws -> UserGroup? {
        try UserGroupRecord.filter(Column("id") == id && Column("accountID") == accountID).fetchOne(db)?.domain
    }

    func group(named name: String, accountID: String) throws -> UserGroup? {
        try UserGroupRecord.filter(Column("nameKey") == name.lowercased() && Column("accountID") == accountID).fetchOne(db)?.domain
    }

    func groups(accountID: String) throws -> [UserGroup] {
        try UserGroupRecord.filter(Column("accountID") == accountID).order(Column("createdAt"), Column("id")).fetchAll(db).map(\.domain)
    }

    func members(ofGroup groupID: String) throws -> [User] {
        let records = try UserRecord.fetchAll(db.cachedStatement(sql: """
            SELECT user.* FROM user JOIN groupMember ON groupMember.userID = user.id
            WHERE groupMember.groupID = ? ORDER BY groupMember.addedAt, user.rowid
            """), arguments: [groupID])
        return try attachEnvironments(records)
    }

    func groups(ofUser userID: String) throws -> [UserGroup] {
        try UserGroupRecord.fetchAll(db.cachedStatement(sql: """
            SELECT userGroup.* FROM userGroup JOIN groupMember ON groupMember.groupID = userGroup.id
            WHERE groupMember.userID = ? ORDER BY userGroup.name
            """), arguments: [userID]).map(\.domain)
    }

    func insert(_ group: UserGroup) throws { try UserGroupRecord(group).insert(db) }
    func update(_ group: UserGroup) throws { try UserGroupRecord(group).update(db) }
    func deleteGroup(id: String) throws { _ = try UserGroupRecord.deleteOne(db, key: id) }

    func addMember(userID: String, groupID: String) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO groupMember (groupID, userID, addedAt) VALUES (?, ?, ?)").execute(arguments: [groupID, userID, Date()])
    }

    func removeMember(userID: String, groupID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM groupMember WHERE groupID = ? AND userID = ?").execute(arguments: [groupID, userID])
    }

    // MARK: Environments

    func environment(id: String, accountID: String) throws -> ProductEnvironment? {
        try EnvironmentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM environment WHERE id = ? AND accountID = ?"), arguments: [id, accountID])?.domain
    }

    func environment(cloudName: String) throws -> ProductEnvironment? {
        try EnvironmentRecord.filter(Column("cloudName") == cloudName).fetchOne(db)?.domain
    }

    func environments(_ query: EnvironmentQuery) throws -> [ProductEnvironment] {
        var request = EnvironmentRecord.filter(Column("accountID") == query.accountID)
        if !query.ids.isEmpty {
            request = request.filter(query.ids.contains(Column("id")))
        } else {
            if !query.cloudNames.isEmpty { request = request.filter(query.cloudNames.contains(Column("cloudName"))) }
            if let prefix = query.namePrefix?.lowercased(), !prefix.isEmpty {
                request = request.filter(Column("nameKey") >= prefix && Column("nameKey") < prefix + "\u{10FFFF}")
            }
            if let enabled = query.enabled { request = request.filter(Column("enabled") == enabled) }
        }
        return try request.order(Column("createdAt"), Column("id")).fetchAll(db).map(\.domain)
    }

    func insert(_ environment: ProductEnvironment) throws { try EnvironmentRecord(environment).insert(db) }
    func update(_ environment: ProductEnvironment) throws { try EnvironmentRecord(environment).update(db) }
    func deleteEnvironment(id: String) throws {
        // Policies scoped to this environment alone; `scope_id: all` ones (and account ones) stay.
        try db.cachedStatement(sql: "DELETE FROM customPolicy WHERE scopeType = ? AND scopeID = ?").execute(arguments: [ScopeType.prodenv.rawValue, id])
        _ = try EnvironmentRecord.deleteOne(db, key: id)
    }

    // MARK: Access keys

    func accessKey(apiKey: String, subAccountID: String) throws -> AccessKey? {
        try AccessKeyRecord.filter(Column("apiKey") == apiKey && Column("subAccountID") == subAccountID).fetchOne(db)?.domain
    }

    func accessKeys(subAccountID: String) throws -> [AccessKey] {
        try AccessKeyRecord.filter(Column("subAccountID") == subAccountID).order(Column.rowID).fetchAll(db).map(\.domain)
    }

    func accessKeys(_ query: AccessKeyQuery) throws -> (keys: [AccessKey], total: Int) {
        let base = AccessKeyRecord.filter(Column("subAccountID") == query.subAccountID)
        let total = try base.fetchCount(db)
        let column: Column
        switch query.sortBy {
        case .apiKey: column = Column("apiKey")
        case .createdAt: column = Column.rowID
        case .name: column = Column("name")
        case .enabled: column = Column("enabled")
        }
        var request = base.order(query.ascending ? column.asc : column.desc, Column.rowID.asc)
        if let size = query.pageSize { request = request.limit(size, offset: (max(query.page, 1) - 1) * size) }
        return (try request.fetchAll(db).map(\.domain), total)
    }

    func insert(_ key: AccessKey) throws { try AccessKeyRecord(key).insert(db) }

    func update(_ key: AccessKey) throws {
        try db.cachedStatement(sql: """
                UPDATE accessKey SET apiSecret = ?, name = ?, enabled = ?, dedicatedForWebhooks = ?, updatedAt = ?
                WHERE apiKey = ?
                """).execute(arguments: [key.apiSecret, key.name, key.enabled, key.dedicatedForWebhooks, key.updatedAt, key.apiKey])
    }

    func deleteAccessKey(apiKey: String, subAccountID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM accessKey WHERE apiKey = ? AND subAccountID = ?").execute(arguments: [apiKey, subAccountID])
    }
}
