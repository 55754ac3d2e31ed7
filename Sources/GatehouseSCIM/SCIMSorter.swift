import GatehouseCore

/// In-memory `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3) for results that could not be sorted in SQL.
public enum SCIMSorter {
    /// `resources` ordered by `path`, comparing as the attribute's definition says (caseExact, dateTime,
    /// numbers). Resources without a value come last in either order; ties keep their original order.
    ///
    /// For a multi-valued attribute the primary value is the key, else the first (RFC 7644 §3.4.2.3).
    public static func sort(
        _ resources: [JSONValue], by path: SCIMAttributePath, order: SCIMListQuery.SortOrder, as type: SCIMResourceType
    ) -> [JSONValue] {
        let resolved = type.resolve(SCIMAttributePath(schema: path.schema, attribute: path.attribute))
        var definition = resolved?.attribute
        if let sub = path.subAttribute {
            definition = definition?.subAttribute(sub)
        } else if definition?.type == .complex {
            definition = definition?.subAttribute("value")
        }
        var keys = resources.map { key($0, path: path, resolved: resolved) }
        // Case-fold once rather than at each of the n log n comparisons.
        if var folded = definition, folded.type == .string, !folded.comparesExactly {
            keys = keys.map { key in key.map { $0.stringValue.map { JSONValue.string($0.lowercased()) } ?? $0 } }
            folded.caseExact = true
            definition = folded
        }
        let indices = resources.indices.sorted { i, j in
            switch (keys[i], keys[j]) {
            case (nil, nil): return i < j
            case (nil, _): return false
            case (_, nil): return true
            case (let a?, let b?):
                let o = SCIMComparison.order(a, b, as: definition) ?? 0
                if o == 0 { return i < j }
                return order == .ascending ? o < 0 : o > 0
            }
        }
        return indices.map { resources[$0] }
    }

    private static func key(_ resource: JSONValue, path: SCIMAttributePath, resolved: SCIMResourceType.Resolved?) -> JSONValue? {
        let raw: JSONValue?
        if let resolved {
            raw = resolved.value(in: resource)
        } else {
            raw = (path.schema.map { resource.scimMember($0) ?? .null } ?? resource).scimMember(path.attribute)
        }
        guard var value = raw else { return nil }
        if case .array(let items) = value {
            guard let chosen = items.first(where: { $0.scimMember("primary") == .bool(true) }) ?? items.first else { return nil }
            value = chosen
        }
        if case .object = value {
            guard let inner = value.scimMember(path.subAttribute ?? "value") else { return nil }
            value = inner
        }
        return value.isSCIMPresent ? value : nil
    }
}
