import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/users` (User Management › Users): the account's users, searched, filtered and paged by the store
/// in SQL, so a page costs the same at 100,000 users; **Invite**, the seat limit and each row's actions.
struct UsersPage: Sendable {
    let console: Console
    static let pageSize = 50

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("users", use: list)
        group.get("users/invite", use: inviteForm)
        group.post("users/invite", use: invite)
        group.get("users/seats", use: seatsForm)
        group.post("users/seats", use: changeSeats)
        for action in RowAction.allCases {
            if action.hasForm {
                group.get("users/{user_id}/\(action.rawValue)") { request, context in try await showAction(action, request, context) }
            }
            group.post("users/{user_id}/\(action.rawValue)") { request, context in try await perform(action, request, context) }
        }
    }

    static let notices = [
        "invited-1": "The invitation is sent.",
        "invited": "The invitations are sent.",
        "seats-changed": "The user limit is changed.",
        "saved": "The user is saved.",
        "roles-saved": "The roles are saved.",
        "environments-saved": "The product environment access is saved.",
        "invite-resent": "A new invitation is sent.",
        "reset-sent": "The password is reset and a reset link is sent.",
        "logged-out": "The user is signed out everywhere.",
        "deleted": "The user is deleted (it stays listed as Inactive).",
    ]

    // MARK: The table

    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.usersView]) { visitor in
            let filters = Filters(request)
            let table = try await visitor.provisioning.userTable(filters.query(accountID: visitor.accountID, pageSize: Self.pageSize))
            let groups = try await visitor.provisioning.groups(accountID: visitor.accountID)
            let roles = try await RolePicker.load(for: visitor, holder: .user).roles
            let facts = try await visitor.provisioning.signInFacts(of: table.rows.map(\.user))
            let names = Dictionary(table.environments.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            let lastPage = max(1, (table.total + Self.pageSize - 1) / Self.pageSize)
            var values: [String: Any] = [
                "rows": table.rows.map { row(for: $0, environments: names, hasPassword: facts[$0.user.id]?.hasPassword ?? false, visitor: visitor) },
                "hasRows": !table.rows.isEmpty, "total": table.total, "page": filters.page, "pages": lastPage,
                "search": filters.search,
                "statuses": Filters.statuses.map { ["value": $0.value, "label": $0.label, "selected": $0.value == filters.status] },
                "roles": roles.map { ["value": $0.id, "label": RolePicker.label($0), "selected": $0.id == filters.roleID] },
                "groups": groups.map { ["value": $0.id, "label": $0.name, "selected": $0.id == filters.groupID] },
                "environments": table.environments.map { ["value": $0.id, "label": $0.name, "selected": $0.id == filters.environmentID] },
                "canInvite": visitor.access.allows(.usersCreate),
                "atLimit": table.seatsUsed >= table.seatLimit, "seatsUsed": table.seatsUsed, "seatLimit": table.seatLimit,
                "canChangeLimit": Self.mayChangeLimit(visitor),
            ]
            if filters.page > 1 { values["previous"] = filters.link(page: filters.page - 1) }
            if filters.page < lastPage { values["next"] = filters.link(page: filters.page + 1) }
            return console.page("users", values, visitor: visitor, request: request, notices: Self.notices)
        }
    }

    /// One row of the table, its menu holding only what `visitor` may do to this user.
    func row(for row: UserTablePage.Row, environments: [String: String], hasPassword: Bool, visitor: Visitor) -> [String: Any] {
        let user = row.user
        let status = Self.status(of: user)
        let live = !user.isDeleted
        let update = live && visitor.access.allows(.usersUpdate)
        var actions: [String: Any] = [:]
        if update {
            actions = [
                "edit": true, "roles": true, "environments": true, "resend": user.isPending,
                "reset": hasPassword || user.passwordResetPending, "logout": true,
            ]
        }
        if live && !user.root && user.id != visitor.user.id && visitor.access.allows(.usersDelete) { actions["delete"] = true }
        return [
            "id": user.id, "name": user.displayName, "email": user.email,
            "roles": row.roles.map { "\(RolePicker.label($0.role)) · \(RolePicker.label(of: $0.scopeID, names: environments))" },
            "environments": EnvironmentAccessRule.reachesAll(user) ? ["All product environments"] : user.subAccountIDs.map { environments[$0] ?? $0 },
            "groups": row.groups.map(\.name),
            "status": status.label, "statusClass": status.cssClass,
            "lastLogin": user.lastLogin.map(ProfilePage.format) ?? "Never",
            "actions": actions.isEmpty ? false : actions as Any,
        ]
    }

    /// The status labels of the table: a deleted user is Inactive whatever else it was.
    static func status(of user: User) -> (label: String, cssClass: String) {
        if user.isDeleted { return ("Inactive", "inactive") }
        if user.passwordResetPending { return ("Password reset", "password-reset") }
        return user.isPending ? ("Pending", "pending") : ("Active", "active")
    }

    /// Additional users are bought by a Master Admin: billing and account changes both.
    static func mayChangeLimit(_ visitor: Visitor) -> Bool {
        visitor.access.allows(.billingManage) && visitor.access.allows(.accountUpdate)
    }
}

/// The table's search, filters and page, read from the address and handed back in the paging links.
struct Filters {
    static let statuses = [
        (value: "pending", label: "Pending"), (value: "active", label: "Active"),
        (value: "password_reset", label: "Password reset"), (value: "inactive", label: "Inactive"),
    ]

    var search = "", status = "", roleID = "", groupID = "", environmentID = ""
    var page = 1

    init(_ request: Request) {
        // Read from the raw query: a browser's GET form sends spaces as `+`.
        var parameters: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (raw: Substring) in String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            parameters[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        func value(_ name: String) -> String { parameters[name]?.trimmingCharacters(in: .whitespaces) ?? "" }
        search = String(value("search").prefix(200))
        status = value("status")
        roleID = value("role")
        groupID = value("group")
        environmentID = value("environment")
        page = min(max(Int(value("page")) ?? 1, 1), 1_000_000)
    }

    func query(accountID: String, pageSize: Int) -> UserQuery {
        var query = UserQuery(accountID: accountID)
        query.sortBy = .createdAt
        query.sortOrder = .asc
        query.page = page
        query.pageSize = pageSize
        if !search.isEmpty { query.search = search }
        switch status {
        case "pending": query.status = .pending; query.passwordReset = false
        case "active": query.status = .active; query.passwordReset = false
        case "password_reset": query.passwordReset = true
        case "inactive": query.status = .inactive
        default: break
        }
        if !roleID.isEmpty { query.roleID = roleID }
        if !groupID.isEmpty { query.groupID = groupID }
        if !environmentID.isEmpty { query.subAccountID = environmentID }
        return query
    }

    func link(page: Int) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = [
            ("search", search), ("status", status), ("role", roleID), ("group", groupID), ("environment", environmentID), ("page", String(page)),
        ]
        return "/console/users?" + pairs.filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}
