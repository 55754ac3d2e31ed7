import GatehouseCore

/// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response carries.
///
/// `returned: always` attributes (`id`, `schemas`, `meta`) are never taken away, `returned: never` ones are never
/// sent, and `returned: request` ones only when `attributes` names them.
public struct SCIMAttributeProjection: Sendable, Hashable {
    /// When not empty, only these (and the always-returned) are sent; `excludedAttributes` is then ignored.
    public var attributes: [SCIMAttributePath]
    public var excludedAttributes: [SCIMAttributePath]

    public init(attributes: [SCIMAttributePath] = [], excludedAttributes: [SCIMAttributePath] = []) {
        self.attributes = attributes
        self.excludedAttributes = excludedAttributes
    }

    /// Reads the comma-separated query parameters; a name that is not an attribute path is `invalidValue`.
    public init(attributes: String?, excludedAttributes: String?) throws(SCIMError) {
        self.attributes = try Self.parseList(attributes, parameter: "attributes")
        self.excludedAttributes = try Self.parseList(excludedAttributes, parameter: "excludedAttributes")
    }

    static func parseList(_ text: String?, parameter: String) throws(SCIMError) -> [SCIMAttributePath] {
        guard let text else { return [] }
        var result: [SCIMAttributePath] = []
        for part in text.split(separator: ",") {
            let name = String(part).trimmingSCIMSpaces
            if name.isEmpty { continue }
            guard let path = SCIMAttributePath(name) else {
                throw .invalidValue("\(parameter): '\(name)' is not an attribute name")
            }
            result.append(path)
        }
        return result
    }

    /// `resource` with only the attributes the projection returns.
    public func apply(to resource: JSONValue, as type: SCIMResourceType) -> JSONValue {
        guard case .object(let members) = resource else { return resource }
        var result: [String: JSONValue] = [:]
        for (key, value) in members {
            if let ext = type.extensionSchema(key) {
                guard case .object(let inner) = value else { continue }
                var kept: [String: JSONValue] = [:]
                for (innerKey, innerValue) in inner {
                    let attribute = ext.attribute(innerKey)
                    if let projected = project(innerValue, attribute, container: ext.id, name: attribute?.name ?? innerKey, type: type) {
                        kept[innerKey] = projected
                    }
                }
                if !kept.isEmpty { result[key] = .object(kept) }
                continue
            }
            let resolved = type.resolve(SCIMAttributePath(attribute: key))
            let container = resolved?.container
            if container != nil { continue }  // an extension attribute stored at top level is not the wire shape
            if let projected = project(value, resolved?.attribute, container: nil, name: resolved?.attribute.name ?? key, type: type) {
                result[key] = projected
            }
        }
        return .object(result)
    }

    private func project(_ value: JSONValue, _ attribute: SCIMAttribute?, container: String?, name: String, type: SCIMResourceType) -> JSONValue? {
        let returned = attribute?.returned ?? .default
        if returned == .always { return value }
        if returned == .never { return nil }
        let matches = { (paths: [SCIMAttributePath]) -> [SCIMAttributePath] in
            paths.filter { path in
                if path.subAttribute == nil, let urn = path.schema, let ext = type.extensionSchema(urn + ":" + path.attribute) {
                    return ext.id == container
                }
                if let resolved = type.resolve(SCIMAttributePath(schema: path.schema, attribute: path.attribute)) {
                    return resolved.container == container && resolved.attribute.name == attribute?.name
                }
                return path.schema == container && path.attribute.lowercased() == name.lowercased()
            }
        }
        if !attributes.isEmpty {
            let asked = matches(attributes)
            if asked.isEmpty { return nil }
            if asked.contains(where: { $0.subAttribute == nil }) { return value }
            let subs = Set(asked.compactMap { $0.subAttribute?.lowercased() })
            return Self.keepSubAttributes(value) { subs.contains($0.lowercased()) }
        }
        if returned == .request { return nil }
        let excluded = matches(excludedAttributes)
        if excluded.contains(where: { $0.subAttribute == nil }) { return nil }
        if excluded.isEmpty { return value }
        let subs = Set(excluded.compactMap { $0.subAttribute?.lowercased() })
        return Self.keepSubAttributes(value) { !subs.contains($0.lowercased()) }
    }

    /// The value with only the sub-attributes `keep` accepts, element by element for multi-valued attributes.
    private static func keepSubAttributes(_ value: JSONValue, _ keep: (String) -> Bool) -> JSONValue? {
        switch value {
        case .object(let members):
            let kept = members.filter { keep($0.key) }
            return kept.isEmpty ? nil : .object(kept)
        case .array(let items):
            let kept = items.compactMap { keepSubAttributes($0, keep) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return value
        }
    }
}
