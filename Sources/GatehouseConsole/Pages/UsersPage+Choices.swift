import GatehouseCore

/// The Users forms' other checkboxes: product environment access (`env_<id>` and the `environments` choice) and
/// groups (`group_<id>`); the roles are the shared `RolePicker`'s.
extension UsersPage {
    /// Environment access from `env_<id>` checkboxes and the `environments` choice (`all` or `some`).
    static func environmentAccess(_ form: ConsoleForm, environments: [ProductEnvironment]) -> Picked<[String]?> {
        guard form["environments"] != "all" else { return .ok(Optional<[String]>.none) }
        let ids = form.names(after: "env_")
        if let unknown = ids.first(where: { id in !environments.contains { $0.id == id } }) {
            return .refused(Console.fieldProblem("environments", "There is no product environment \(unknown). Reload the page and pick again."))
        }
        return .ok(ids)
    }

    static func environmentOptions(_ environments: [ProductEnvironment], checked: Set<String>) -> [[String: Any]] {
        environments.map { ["id": $0.id, "label": $0.name, "checked": checked.contains($0.id)] }
    }

    /// Group ids from `group_<id>` checkboxes; an unknown one is refused.
    static func groups(_ form: ConsoleForm, known: [UserGroup]) -> Picked<[String]> {
        let ids = form.names(after: "group_")
        if let unknown = ids.first(where: { id in !known.contains { $0.id == id } }) {
            return .refused(Console.fieldProblem("groups", "There is no group \(unknown). Reload the page and pick again."))
        }
        return .ok(ids)
    }

    static func groupOptions(_ groups: [UserGroup], checked: Set<String>) -> [[String: Any]] {
        groups.map { ["id": $0.id, "label": $0.name, "checked": checked.contains($0.id)] }
    }
}
