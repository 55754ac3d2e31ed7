import Foundation
import GatehouseCore
import GatehouseHTTP
import Hummingbird

/// Viewing a role's permissions, creating a custom role and editing one.
extension RolesPage {
    /// `GET /console/roles/new?tab=global|folder[&copy=<role id>]`: the create form; `copy` pre-checks that
    /// global role's permissions and level (the no-JavaScript path of **Copy from existing role**).
    func new(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.rolesManage]) { visitor in
            let tab = RoleTab(query: request.uri.queryParameters["tab"])
            guard tab.allowsCustomRoles else { return console.redirect("/console/roles?tab=\(tab.rawValue)") }
            var typed = RoleForm(tab: tab)
            var values: [String: Any] = [:]
            if let copy = request.uri.queryParameters["copy"].map(String.init), !copy.isEmpty, tab == .global {
                typed.copy = copy
                if let base = try await allRoles(visitor).first(where: { $0.id == copy && $0.permissionType == .global }) {
                    typed.scope = base.scopeType
                    typed.policyIDs = Set(base.systemPolicyIDs)
                } else {
                    values = Console.fieldProblem("copy", "Choose a global role to copy.").values
                }
            }
            return try await createForm(visitor, typed, status: .ok, values: values, request: request)
        }
    }

    /// `POST /console/roles/new`: creates the custom role through `permissions.createRole`.
    func create(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.rolesManage]) { visitor, form in
            let tab = RoleTab(query: Substring(form["tab"]))
            guard tab.allowsCustomRoles else { return console.denied(visitor) }
            let typed = RoleForm(tab: tab, form: form, catalog: catalog)
            if let problem = try await createProblem(typed, form: form, visitor: visitor, request: request) {
                return try await createForm(visitor, typed, status: problem.status, values: problem.values, request: request)
            }
            let role = NewRole(
                id: typed.id.isEmpty ? nil : typed.id, name: typed.name, description: typed.description.isEmpty ? nil : typed.description,
                scopeType: typed.scope, permissionType: tab.permissionType, systemPolicyIDs: typed.orderedPolicyIDs(catalog))
            do {
                let created = try await visitor.permissions.createRole(role, accountID: visitor.accountID)
                return console.redirect("/console/roles/\(created.id)?notice=created")
            } catch {
                let problem = console.problem(error, request: request, fields: Self.serviceFields)
                return try await createForm(visitor, typed, status: problem.status, values: problem.values, request: request)
            }
        }
    }

    /// What the Permissions service's field names are on the form.
    static let serviceFields = ["system_policy_ids": "permissions", "scope_type": "scope_type", "permission_type": "scope_type"]

    /// The mistakes the page finds before asking the service, each with its field.
    private func createProblem(_ typed: RoleForm, form: ConsoleForm, visitor: Visitor, request: Request) async throws -> FormProblem? {
        if let problem = Self.textProblem(typed) { return problem }
        if !typed.id.isEmpty {
            if let problem = Self.ruleProblem("id", "ID", { _ = try RoleRules.validatedCustomID(typed.id) }) { return problem }
            // `/console/roles/new` is the create form, so a role with that id could never be opened.
            if typed.id == "new" { return Console.fieldProblem("id", "ID new is reserved; choose another.") }
        }
        if form["scope_type"] != "", typed.tab == .global, ScopeType(rawValue: form["scope_type"]) == nil {
            return Console.fieldProblem("scope_type", "Choose Account or Product environment.")
        }
        let roles = try await allRoles(visitor)
        if !typed.id.isEmpty, roles.contains(where: { $0.id == typed.id }) {
            return FormProblem(status: .conflict, message: "A role with ID \(typed.id) already exists.", field: "id")
        }
        if let clash = roles.first(where: { $0.name.lowercased() == typed.name.lowercased() }) {
            return FormProblem(status: .conflict, message: "A role named \(clash.name) already exists.", field: "name")
        }
        return permissionsProblem(typed)
    }

    /// No permission chosen, or one that does not fit the role's kind and level (the server checks what the
    /// browser's filter only hides).
    func permissionsProblem(_ typed: RoleForm) -> FormProblem? {
        if typed.policyIDs.isEmpty { return Console.fieldProblem("permissions", "Choose at least one permission.") }
        let fitting = Set(typed.tab.policies(in: catalog, scope: typed.scope).map(\.id))
        guard let stray = typed.orderedPolicyIDs(catalog).first(where: { !fitting.contains($0) }), let policy = catalog.policy(id: stray) else {
            return nil
        }
        let level = typed.scope == .account ? "an account-level global role" : "a product-environment-level global role"
        let kind = typed.tab == .global ? level : "a \(typed.tab.noun)"
        return Console.fieldProblem("permissions", "\(policy.name) is not a permission of \(kind); choose only the permissions listed for it.")
    }

    private func createForm(
        _ visitor: Visitor, _ typed: RoleForm, status: HTTPResponse.Status, values extra: [String: Any], request: Request
    ) async throws -> Response {
        let tab = typed.tab
        var values: [String: Any] = [
            "creating": true, "editable": true, "heading": "Create \(tab.noun)", "action": "/console/roles/new", "button": "Create role",
            "tab": tab.rawValue, "tabLabel": tab.label, "global": tab == .global,
            "name": typed.name, "description": typed.description, "id": typed.id,
            "levelOptions": [ScopeType.account, .prodenv].map { ["value": $0.rawValue, "label": $0.levelLabel, "selected": $0 == typed.scope] },
            // Without JavaScript every level's permissions are listed (and checked by the server); roles.js hides the others.
            "permissions": permissionRows(tab.policies(in: catalog), checked: typed.policyIDs),
            "level": tab == .global ? "" : ScopeType.prodenv.levelLabel,
        ]
        if tab == .global {
            values["copyOptions"] = try await allRoles(visitor).filter { $0.permissionType == .global }.map { role -> [String: Any] in
                [
                    "id": role.id, "name": role.name, "level": role.scopeType.levelLabel, "scope": role.scopeType.rawValue,
                    "policies": role.systemPolicyIDs.joined(separator: " "), "selected": role.id == typed.copy,
                ]
            }
        }
        values.merge(extra) { $1 }
        return console.page("roles-form", status: status, values, visitor: visitor, request: request, notices: Self.notices)
    }

    /// `GET /console/roles/{id}`: every permission a role of its kind may hold, its own checked; a custom role
    /// is an edit form for those who may manage roles.
    func show(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.visit(request, needs: [.rolesView]) { visitor in
            let id = try context.parameters.require("id")
            let role: Role
            do { role = try await visitor.permissions.role(id: id, accountID: visitor.accountID) } catch {
                return notFound(error, visitor: visitor, request: request)
            }
            return roleForm(visitor, role, typed: nil, status: .ok, values: [:], request: request)
        }
    }

    /// `POST /console/roles/{id}`: saves a custom role's name, description and permissions (`permissions.updateRole`).
    func update(_ request: Request, _ context: GatehouseRequestContext) async throws -> Response {
        try await console.submit(request, needs: [.rolesManage]) { visitor, form in
            let id = try context.parameters.require("id")
            let role: Role
            do { role = try await visitor.permissions.role(id: id, accountID: visitor.accountID) } catch {
                return notFound(error, visitor: visitor, request: request)
            }
            var typed = RoleForm(tab: RoleTab(of: role), form: form, catalog: catalog)
            typed.scope = role.scopeType
            let problem: FormProblem?
            if role.isSystem {
                problem = FormProblem(status: .forbidden, message: "System roles are view-only: they cannot be changed.")
            } else if let text = Self.textProblem(typed) {
                problem = text
            } else if form.has("scope_type"), ScopeType(rawValue: form["scope_type"]) != role.scopeType {
                problem = Console.fieldProblem("scope_type", "The permission level cannot be changed after the role is created.")
            } else {
                problem = permissionsProblem(typed)
            }
            if let problem { return roleForm(visitor, role, typed: typed, status: problem.status, values: problem.values, request: request) }
            let changes = RoleChanges(
                name: typed.name, description: .some(typed.description.isEmpty ? nil : typed.description),
                systemPolicyIDs: typed.orderedPolicyIDs(catalog), scopeType: form.has("scope_type") ? ScopeType(rawValue: form["scope_type"]) : nil)
            do {
                _ = try await visitor.permissions.updateRole(id: role.id, accountID: visitor.accountID, changes: changes)
                return console.redirect("/console/roles/\(role.id)?notice=saved")
            } catch {
                var problem = console.problem(error, request: request, fields: Self.serviceFields)
                if case GatehouseError.conflict = error { problem.field = "name" }
                return roleForm(visitor, role, typed: typed, status: problem.status, values: problem.values, request: request)
            }
        }
    }

    /// A missing or too long name, or a too long description.
    static func textProblem(_ typed: RoleForm) -> FormProblem? {
        if typed.name.isEmpty { return Console.fieldProblem("name", "Enter a role name.") }
        if let problem = ruleProblem("name", "Role name", { _ = try FieldRules.name(typed.name) }) { return problem }
        guard !typed.description.isEmpty else { return nil }
        return ruleProblem("description", "Description", { _ = try FieldRules.name(typed.description, field: "description") })
    }

    /// The problem of a Core rule that refused `field`, worded with the field's label.
    static func ruleProblem(_ field: String, _ label: String, _ rule: () throws -> Void) -> FormProblem? {
        do { try rule() } catch {
            if case GatehouseError.invalidField(_, let reason) = error { return Console.fieldProblem(field, "\(label) \(reason).") }
            return FormProblem(status: .badRequest, message: "\(label) is not valid.", field: field)
        }
        return nil
    }

    /// The role page: `typed` keeps what was posted after a refusal.
    private func roleForm(
        _ visitor: Visitor, _ role: Role, typed: RoleForm?, status: HTTPResponse.Status, values extra: [String: Any], request: Request
    ) -> Response {
        let tab = RoleTab(of: role)
        let editable = !role.isSystem && visitor.access.allows(.rolesManage)
        var values: [String: Any] = [
            "creating": false, "editable": editable, "heading": "\(editable ? "Edit" : "View") role: \(role.name)",
            "action": "/console/roles/\(role.id)", "button": "Save", "roleID": role.id, "canDelete": editable,
            "tab": tab.rawValue, "tabLabel": tab.label, "global": tab == .global, "level": role.scopeType.levelLabel,
            "type": role.isSystem ? "System Role" : "Custom Role",
            "name": typed?.name ?? role.name, "description": typed?.description ?? role.description ?? "",
            "permissions": permissionRows(
                tab.policies(in: catalog, scope: role.scopeType), checked: typed?.policyIDs ?? Set(role.systemPolicyIDs)),
        ]
        values.merge(extra) { $1 }
        return console.page("roles-form", status: status, values, visitor: visitor, request: request, notices: Self.notices)
    }

    func permissionRows(_ policies: [SystemPolicy], checked: Set<String>) -> [[String: Any]] {
        policies.enumerated().map { index, policy in
            [
                "index": index, "id": policy.id, "field": RoleForm.policyField(policy.id), "name": policy.name,
                "description": policy.description ?? "", "statement": policy.statement, "checked": checked.contains(policy.id),
                "scope": policy.scopeType.rawValue, "levelLabel": policy.scopeType.levelLabel,
            ]
        }
    }

    func notFound(_ error: any Error, visitor: Visitor, request: Request) -> Response {
        let (status, message) = console.refusal(error, request: request)
        return console.page("message", status: status, ["heading": "Role not found", "error": message, "back": "/console/roles"],
                            visitor: visitor, request: request)
    }
}

/// What was typed into a role form (or read from a role to copy).
struct RoleForm: Sendable {
    var tab: RoleTab
    var name = ""
    var description = ""
    var id = ""
    var copy = ""
    var scope: ScopeType
    var policyIDs: Set<String> = []

    init(tab: RoleTab) {
        self.tab = tab
        scope = tab == .global ? .account : .prodenv
    }

    init(tab: RoleTab, form: ConsoleForm, catalog: Catalog) {
        self.init(tab: tab)
        name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
        description = form["description"].trimmingCharacters(in: .whitespacesAndNewlines)
        id = form["id"].trimmingCharacters(in: .whitespaces)
        if tab == .global, let level = ScopeType(rawValue: form["scope_type"]) { scope = level }
        // Every checked box of the whole catalog is read, so a permission of another level is refused, not dropped.
        policyIDs = Set(catalog.policies.map(\.id).filter { form.has(Self.policyField($0)) })
    }

    /// One checkbox per permission: the form keeps each field name once, so the policy id is in the name.
    static func policyField(_ policyID: String) -> String { "policy:" + policyID }

    /// The checked permissions in the catalog's order.
    func orderedPolicyIDs(_ catalog: Catalog) -> [String] { catalog.policies.map(\.id).filter(policyIDs.contains) }
}
