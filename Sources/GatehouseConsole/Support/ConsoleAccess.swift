import GatehouseCore

/// What the signed-in user may do in the Console, decided by the Cedar engine from the user's roles (direct
/// and through groups) once per request. Menus show only what is allowed here, and every action asks again.
struct ConsoleAccess: Sendable {
    private let allowed: Set<ConsoleFeature>
    private let principal: Principal
    private let accountID: String
    private let decisions: DecisionService

    static func of(_ user: User, decisions: DecisionService) async throws -> ConsoleAccess {
        let principal = Principal(type: .user, id: user.id)
        let features = ConsoleFeature.accountLevel
        let results = try await decisions.check(features.map { $0.check(for: principal) }, accountID: user.accountID)
        let allowed = zip(features, results).filter { $0.1.decision == .allow }.map(\.0)
        return ConsoleAccess(allowed: Set(allowed), principal: principal, accountID: user.accountID, decisions: decisions)
    }

    func allows(_ feature: ConsoleFeature) -> Bool { allowed.contains(feature) }

    func allowsAny(_ features: ConsoleFeature...) -> Bool { features.contains(where: allowed.contains) }

    /// A per-environment feature (API keys), asked in that environment.
    func allows(_ feature: ConsoleFeature, in environmentID: String) async throws -> Bool {
        try await decisions.isAllowed(feature.check(for: principal, in: environmentID), accountID: accountID)
    }

    /// The menu of the layout: one entry per area the user may open.
    var menu: [String: Bool] {
        [
            "users": allows(.usersView), "groups": allows(.groupsView), "roles": allows(.rolesView),
            "environments": true, "accountKeys": allows(.accountAPIKeysManage), "scimTokens": allows(.usersUpdate) && allows(.groupsUpdate),
            "explorer": allows(.rolesView), "settings": allowsAny(.accountView, .billingView),
            "security": allows(.accountView), "audit": allows(.auditLogView),
        ]
    }
}
