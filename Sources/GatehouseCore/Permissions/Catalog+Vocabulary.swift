import Foundation

/// The Cedar vocabulary a person can ask about: the Console features the system policies name, and the
/// schema's actions and entity types. Read from the catalog and schema, so a new feature or action appears
/// wherever it is listed (the Access explorer) without a second list to keep in step.
extension Catalog {
    /// Every `Cloudinary::Feature` id a system policy statement names, sorted.
    public var featureIDs: [String] {
        let pattern = /Cloudinary::Feature::"([^"\\]+)"/
        var ids = Set<String>()
        for policy in policies {
            for match in policy.statement.matches(of: pattern) { ids.insert(String(match.output.1)) }
        }
        return ids.sorted()
    }
}

extension CloudinarySchema {
    /// The actions of the `Cloudinary` namespace: the four everyone knows first, then the others by name.
    public var actionIDs: [String] {
        let common = ["read", "create", "update", "delete"]
        let all = names(of: "actions")
        return common.filter(all.contains) + all.filter { !common.contains($0) }
    }

    /// The entity types of the `Cloudinary` namespace, qualified (`Cloudinary::User`), by name.
    public var entityTypes: [String] { names(of: "entityTypes").map { "\(CedarBridge.namespace)::\($0)" } }

    private func names(of section: String) -> [String] {
        guard case .object(let namespaces) = document, case .object(let namespace)? = namespaces[CedarBridge.namespace],
              case .object(let entries)? = namespace[section]
        else { return [] }
        return entries.keys.sorted()
    }
}
