import GatehouseCore

/// What the Access explorer's selects offer: the account's principals (users, groups, environment API keys,
/// account API keys), the schema's actions, the resources (Console features, a folder path, a collection, a
/// whole entity type), the environments and the roles a what-if may try. Also names steps and roles in the answer.
struct ExplorerChoices: Sendable {
    struct Option: Sendable {
        var value: String
        var label: String
    }

    /// The users offered in the select; at 100,000 users the list is cut, and a user beyond it can still be
    /// asked about through the address (`principal=user:<id>`).
    static let maxUsers = 500

    var users: [Option] = []
    var groups: [Option] = []
    var environmentKeys: [Option] = []
    var accountKeys: [Option] = []
    var actions: [String] = []
    var features: [String] = []
    var types: [String] = []
    var environments: [Option] = []
    var roles: [Role] = []

    static func load(_ visitor: Visitor, services: GatehouseServices) async throws -> ExplorerChoices {
        let accountID = visitor.accountID
        var choices = ExplorerChoices()
        var query = UserQuery(accountID: accountID)
        query.sortBy = .name
        query.sortOrder = .asc
        query.pageSize = maxUsers
        choices.users = try await visitor.provisioning.users(query).filter { !$0.isDeleted }.map {
            Option(value: "user:\($0.id)", label: $0.displayName == $0.email ? $0.email : "\($0.displayName) (\($0.email))")
        }
        choices.groups = try await visitor.provisioning.groups(accountID: accountID).map { Option(value: "group:\($0.id)", label: $0.name) }
        for (env, keys) in try await visitor.provisioning.environments(EnvironmentQuery(accountID: accountID)) {
            choices.environments.append(Option(value: env.id, label: env.name))
            choices.environmentKeys += keys.map { Option(value: "apiKey:\($0.apiKey)", label: "\($0.name ?? $0.apiKey) (\(env.name))") }
        }
        let (provisioningKeys, custom) = try await services.store.read { db in
            (try db.provisioningKeys(accountID: accountID), try db.customRoles(accountID: accountID))
        }
        choices.accountKeys = provisioningKeys.map { Option(value: "provisioningKey:\($0.key)", label: $0.name ?? $0.key) }
        choices.actions = services.resources.schema.actionIDs
        choices.features = services.resources.catalog.featureIDs
        choices.types = services.resources.schema.entityTypes
        choices.roles = services.resources.catalog.roles + custom
        return choices
    }

    var principalLabels: [String: String] {
        Dictionary((users + groups + environmentKeys + accountKeys).map { ($0.value, $0.label) }) { first, _ in first }
    }

    func environmentName(_ id: String?) -> String? {
        guard let id else { return nil }
        if id == allProductEnvironments { return "all product environments" }
        return environments.first { $0.value == id }?.label ?? id
    }

    func role(_ id: String) -> Role? { roles.first { $0.id == id } }

    /// A role as a person tells it apart from its namesakes: Master Admin (account) or (product environment),
    /// Viewer (folder) or (collection).
    static func label(_ role: Role) -> String {
        let kind: String
        switch (role.scopeType, role.contentKind) {
        case (_, .folderID?): kind = "folder"
        case (_, .collectionID?): kind = "collection"
        case (.account, nil): kind = "account"
        case (.prodenv, nil): kind = "product environment"
        }
        return role.isSystem ? "\(role.name) (\(kind))" : "\(role.name) (custom, \(kind))"
    }

    // MARK: Template values

    /// The principal select's groups, with `selected` marked.
    func principalGroups(selected: String) -> [[String: Any]] {
        [("Users", users), ("Groups", groups), ("Product environment API keys", environmentKeys), ("Account API keys", accountKeys)]
            .filter { !$0.1.isEmpty }
            .map { ["label": $0.0, "options": Self.options($0.1, selected: selected)] }
    }

    func actionOptions(selected: String) -> [[String: Any]] {
        Self.options(actions.map { Option(value: $0, label: $0) }, selected: selected.isEmpty ? "read" : selected)
    }

    func resourceGroups(selected: String) -> [[String: Any]] {
        [
            ("Console features", features.map { Option(value: "feature:\($0)", label: $0) }),
            ("Content", [Option(value: "folder", label: "Folder path"), Option(value: "collection", label: "Collection")]),
            ("Whole type", types.map { Option(value: "type:\($0)", label: $0) }),
        ].map { ["label": $0.0, "options": Self.options($0.1, selected: selected)] }
    }

    /// Environments for the resource; the first entry is the account itself.
    func environmentOptions(selected: String) -> [[String: Any]] {
        Self.options([Option(value: "", label: "None (account level)")] + environments, selected: selected)
    }

    func roleOptions(selected: String) -> [[String: Any]] {
        Self.options([Option(value: "", label: "No role")] + roles.map { Option(value: $0.id, label: Self.label($0)) }, selected: selected)
    }

    func scopeOptions(selected: String) -> [[String: Any]] {
        let fixed = [Option(value: "", label: "Account"), Option(value: allProductEnvironments, label: "All product environments")]
        return Self.options(fixed + environments, selected: selected)
    }

    static func options(_ options: [Option], selected: String) -> [[String: Any]] {
        options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }
    }
}
