import GatehouseCore

/// The Access explorer's form, read from the address (`GET /console/explorer?principal=…`), turned into the
/// question the APIs would ask: folders and collections are built by their services, exactly as the Admin
/// API builds them. Input that names nothing real is refused with the field it belongs to.
struct ExplorerQuestion: Sendable {
    /// The form's fields, as typed (shown again with the answer or the problem).
    struct Fields: Sendable {
        static let whatIfRows = [1, 2]

        var principal: String
        var action: String
        var resource: String
        var path: String
        var environment: String
        var whatIf: [(role: String, scope: String)]

        init(_ query: (String) -> String?) {
            principal = query("principal") ?? ""
            action = query("action") ?? ""
            resource = query("resource") ?? ""
            path = (query("path") ?? "").trimmingCharacters(in: .whitespaces)
            environment = query("environment") ?? ""
            whatIf = Self.whatIfRows.map { (query("what_if_role_\($0)") ?? "", query("what_if_scope_\($0)") ?? "") }
        }

        /// Whether the form was sent (a first visit shows it empty).
        var asked: Bool { !principal.isEmpty || !resource.isEmpty }
    }

    /// A field the explorer cannot ask about, with the message shown next to it.
    struct Refusal: Error {
        var field: String
        var message: String
    }

    var request: CheckRequest
    /// What the answer says about the resource (e.g. that no folder is at the path yet).
    var notes: [String] = []

    static func read(_ fields: Fields, choices: ExplorerChoices, services: GatehouseServices) async throws -> ExplorerQuestion {
        let principal = try principal(fields.principal)
        guard choices.actions.contains(fields.action) else { throw Refusal(field: "action", message: "Choose an action from the list.") }
        let environment: String? = fields.environment.isEmpty ? nil : fields.environment
        if let environment, !choices.environments.contains(where: { $0.value == environment }) {
            throw Refusal(field: "environment", message: "Choose a product environment from the list.")
        }
        var notes: [String] = []
        let resource: CheckRequest.Resource
        switch fields.resource {
        case let kind where kind.hasPrefix("feature:"):
            let id = String(kind.dropFirst("feature:".count))
            guard choices.features.contains(id) else { throw Refusal(field: "resource", message: "Choose a resource from the list.") }
            resource = .init(type: "Cloudinary::Feature", id: id)
        case "folder":
            guard let environment else { throw Refusal(field: "environment", message: "A folder lives in a product environment: choose one.") }
            guard !fields.path.isEmpty else { throw Refusal(field: "path", message: "Enter the folder's path, like Marketing/2024.") }
            do {
                let found = try await services.folders.checkResource(path: fields.path, environmentID: environment)
                resource = found.resource
                if !found.exists { notes.append("No folder is at \(fields.path) yet: the answer is for a folder that would be created there.") }
            } catch GatehouseError.invalidField(_, let reason) {
                throw Refusal(field: "path", message: "The folder path \(reason).")
            }
        case "collection":
            guard let environment else { throw Refusal(field: "environment", message: "A collection lives in a product environment: choose one.") }
            guard !fields.path.isEmpty else { throw Refusal(field: "path", message: "Enter the collection's id or name.") }
            do {
                resource = try await services.collections.checkResource(fields.path, environmentID: environment).resource
            } catch GatehouseError.notFound {
                throw Refusal(field: "path", message: "No collection with this id or name is in that product environment.")
            }
        case let kind where kind.hasPrefix("type:"):
            let type = String(kind.dropFirst("type:".count))
            guard choices.types.contains(type) else { throw Refusal(field: "resource", message: "Choose a resource from the list.") }
            // A whole type: any one entity of it, named by the id typed or a stand-in.
            resource = .init(type: type, id: fields.path.isEmpty ? "*" : fields.path)
        default:
            throw Refusal(field: "resource", message: "Choose a resource from the list.")
        }
        let whatIf = try whatIf(fields, principal: principal, resource: resource, choices: choices)
        return ExplorerQuestion(
            request: CheckRequest(principal: principal, action: fields.action, resource: resource, scopeID: environment, whatIf: whatIf),
            notes: notes)
    }

    /// `user:<id>`, `group:<id>`, `apiKey:<key>` or `provisioningKey:<key>`; whether it exists is the
    /// decision service's to say (as for the check API).
    static func principal(_ value: String) throws -> Principal {
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let type = PrincipalType(rawValue: String(parts[0])), !parts[1].isEmpty else {
            throw Refusal(field: "principal", message: "Choose a user, group or API key from the list.")
        }
        return Principal(type: type, id: String(parts[1]))
    }

    /// The hypothetical grants: each row a role and where it would be held. A folder or collection role is
    /// tried on the resource asked about, so it needs that kind of resource.
    static func whatIf(
        _ fields: Fields, principal: Principal, resource: CheckRequest.Resource, choices: ExplorerChoices
    ) throws -> [RoleGrantRequest] {
        var grants: [RoleGrantRequest] = []
        for (row, entry) in zip(Fields.whatIfRows, fields.whatIf) where !entry.role.isEmpty {
            let field = "what_if_role_\(row)"
            guard let role = choices.role(entry.role) else { throw Refusal(field: field, message: "Choose a role from the list.") }
            guard role.assignableTo.contains(principal.type) else {
                throw Refusal(field: field, message: "\(ExplorerChoices.label(role)) cannot be held by this kind of principal.")
            }
            let scope = entry.scope.isEmpty ? nil : entry.scope
            if let scope, scope != allProductEnvironments, !choices.environments.contains(where: { $0.value == scope }) {
                throw Refusal(field: "what_if_scope_\(row)", message: "Choose where the role would be held from the list.")
            }
            switch (role.scopeType, scope) {
            case (.account, .some): throw Refusal(field: "what_if_scope_\(row)", message: "An account role is held on the account: choose Account.")
            case (.prodenv, nil): throw Refusal(field: "what_if_scope_\(row)", message: "A product environment role needs its environment.")
            case (.prodenv, allProductEnvironments?) where role.contentKind != nil:
                throw Refusal(field: "what_if_scope_\(row)", message: "A folder or collection role lives in one product environment: choose it.")
            default: break
            }
            var parameters: [String: String] = [:]
            if let kind = role.contentKind {
                let wanted = kind == .folderID ? "Cloudinary::Folder" : "Cloudinary::Collection"
                guard "Cloudinary::\(resource.type)" == wanted || resource.type == wanted else {
                    throw Refusal(field: field, message: "A \(kind == .folderID ? "folder" : "collection") role is tried on the resource checked: "
                        + "choose a \(kind == .folderID ? "folder path" : "collection") as the resource.")
                }
                parameters[kind.rawValue] = resource.id
            }
            grants.append(RoleGrantRequest(roleID: role.id, principal: principal, scopeID: scope, parameters: parameters))
        }
        return grants
    }
}
