import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// `/console/roles` (Role Management): the Global, Folder and Collection roles of the account, each role's
/// permissions, and creating, editing and deleting custom roles. Every change goes through the Permissions
/// service bound to the signed-in user, so the guard weighs it against what that person holds.
struct RolesPage: Sendable {
    let console: Console

    func register(on group: RouterGroup<GatehouseRequestContext>) {
        group.get("roles", use: list)
        group.get("roles/new", use: new)
        group.post("roles/new", use: create)
        group.get("roles/{id}", use: show)
        group.post("roles/{id}", use: update)
        group.get("roles/{id}/delete", use: confirmDelete)
        group.post("roles/{id}/delete", use: delete)
    }

    static let notices = [
        "created": "The role is created.",
        "saved": "The role is saved.",
        "deleted": "The role is deleted, and so are its assignments.",
    ]

    var catalog: Catalog { console.services.resources.catalog }

    /// `GET /console/roles?tab=global|folder|collection&type=system|custom&level=account|prodenv`.
    func list(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.rolesView]) { visitor in
            let query = request.uri.queryParameters
            let tab = RoleTab(query: query["tab"])
            let type = query["type"].flatMap { ManagementType(rawValue: String($0)) }
            let level = tab == .global ? query["level"].flatMap { ScopeType(rawValue: String($0)) } : nil
            let all = try await allRoles(visitor)
            let manage = visitor.access.allows(.rolesManage)
            let shown = all.filter { tab.holds($0) && (type == nil || $0.managementType == type) && (level == nil || $0.scopeType == level) }
            let values: [String: Any] = [
                "tab": tab.rawValue, "tabLabel": tab.label, "global": tab == .global,
                "tabs": RoleTab.allCases.map { other -> [String: Any] in
                    ["key": other.rawValue, "label": other.label, "count": all.filter(other.holds).count, "current": other == tab]
                },
                "count": all.filter(tab.holds).count, "shownCount": shown.count, "filtered": type != nil || level != nil,
                "typeOptions": Self.options([("system", "System Role"), ("custom", "Custom Role")], selected: type?.rawValue),
                "levelOptions": Self.options([("account", "Account"), ("prodenv", "Product environment")], selected: level?.rawValue),
                "roles": shown.map { Self.row($0, manage: manage) },
                "canCreate": manage && tab.allowsCustomRoles, "noun": tab.noun,
            ]
            return console.page("roles", values, visitor: visitor, request: request, notices: Self.notices)
        }
    }

    /// Every role of the account, system and custom, of every tab.
    func allRoles(_ visitor: Visitor) async throws -> [Role] {
        var roles: [Role] = []
        for type in PermissionType.allCases {
            roles += try await visitor.permissions.roles(
                accountID: visitor.accountID, permissionType: type, scopeType: nil, managementType: nil, policyParameters: nil)
        }
        return roles
    }

    static func row(_ role: Role, manage: Bool) -> [String: Any] {
        [
            "id": role.id, "name": role.name, "description": role.description ?? "", "level": role.scopeType.levelLabel,
            "type": role.isSystem ? "System Role" : "Custom Role", "system": role.isSystem,
            "editable": manage && !role.isSystem,
        ]
    }

    /// Options of a filter's select, with "Any" first.
    static func options(_ choices: [(String, String)], selected: String?) -> [[String: Any]] {
        [["value": "", "label": "Any", "selected": selected == nil]]
            + choices.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == selected] }
    }
}
