import GatehouseCore

extension SCIMResourceType {
    /// The resource a `POST` (create) or `PUT` (replace `existing`) body describes, checked against the schemas.
    ///
    /// Attributes go through the same rules as PATCH, so a body and a PATCH accept the same values (Entra's
    /// `"True"`, case-insensitive names written back canonically). Read-only attributes (`id`, `meta`, `groups`)
    /// in the body are ignored, as RFC 7644 §3.3 and §3.5.1 ask; on `PUT` they are kept from `existing`.
    /// Throws `invalidSyntax` for an attribute no schema of this type declares, `invalidValue` for a value of the
    /// wrong type or a missing required attribute. An undeclared attribute whose value is empty (`[]`, `null`,
    /// `""`) is skipped rather than refused.
    public func resource(fromBody body: JSONValue, replacing existing: JSONValue? = nil) throws(SCIMError) -> JSONValue {
        guard case .object(let members) = body else { throw .invalidSyntax("the body is not a JSON object") }
        if let listed = body.scimMember("schemas") {
            guard case .array(let urns) = listed,
                urns.contains(where: { $0.stringValue?.lowercased() == schema.id.lowercased() })
            else { throw .invalidSyntax("schemas must include \"\(schema.id)\"") }
            // A schema URN of someone else's (Entra lists Microsoft's AD one on groups) declares nothing the body
            // may use: an attribute under it is still refused as undeclared, so the URN itself is let pass.
            for urn in urns where urn.stringValue == nil {
                throw .invalidSyntax("schemas lists a non-string")
            }
        }
        var start: JSONValue = .object(["schemas": .array([.string(schema.id)])])
        if case .object(let kept)? = existing {
            for (key, value) in kept where key.lowercased() != "schemas" {
                if let resolved = resolve(SCIMAttributePath(attribute: key)), resolved.container == nil,
                    resolved.attribute.mutability == .readOnly
                {
                    start.setSCIMMember(resolved.attribute.name, to: value)
                }
            }
        }
        var patcher = SCIMPatcher(type: self, resource: start)
        for key in members.keys.sorted() {
            guard let value = members[key], key.lowercased() != "schemas" else { continue }
            if let ext = extensionSchema(key) {
                guard case .object(let inner) = value else {
                    if value == .null { continue }
                    throw .invalidValue("the value for '\(ext.id)' must be an object of its attributes")
                }
                for innerKey in inner.keys.sorted() where innerKey.lowercased() != "schemas" {
                    guard let innerValue = inner[innerKey] else { continue }
                    try set(SCIMAttributePath(schema: ext.id, attribute: innerKey), innerValue, key: "\(ext.id):\(innerKey)", &patcher)
                }
                continue
            }
            // Entra sends `"roles": []` in every create: an empty undeclared attribute loses nothing, so it passes.
            if !value.isSCIMPresent, resolve(SCIMAttributePath(key) ?? SCIMAttributePath(attribute: "-")) == nil { continue }
            guard let path = SCIMAttributePath(key), path.subAttribute == nil else {
                throw .invalidSyntax("'\(key)' is not an attribute of \(name) resources")
            }
            try set(path, value, key: key, &patcher)
        }
        let result = patcher.resource
        try checkRequired(result)
        return result
    }

    /// `current` changed by a PATCH request, still holding every required attribute.
    public func resource(patching current: JSONValue, with patch: SCIMPatchRequest) throws(SCIMError) -> JSONValue {
        let patched = try patch.apply(to: current, as: self)
        try checkRequired(patched)
        return patched
    }

    /// Throws `invalidValue` naming the first required attribute `resource` lacks (an extension's only when the
    /// resource carries that extension).
    public func checkRequired(_ resource: JSONValue) throws(SCIMError) {
        for (holder, attributes) in [(nil, schema.attributes)] + extensions.map({ ($0.schema.id as String?, $0.schema.attributes) }) {
            if let holder, resource.scimMember(holder) == nil { continue }
            for attribute in attributes where attribute.required {
                let held = holder.map { resource.scimMember($0) ?? .null } ?? resource
                if held.scimMember(attribute.name)?.isSCIMPresent != true {
                    throw .invalidValue("'\(attribute.name)' is required")
                }
            }
        }
    }

    private func set(_ path: SCIMAttributePath, _ value: JSONValue, key: String, _ patcher: inout SCIMPatcher) throws(SCIMError) {
        guard let resolved = resolve(path),
            path.schema == nil || resolved.container != nil || path.schema?.lowercased() == schema.id.lowercased()
        else {
            throw .invalidSyntax("'\(key)' is not an attribute of \(name) resources")
        }
        if resolved.attribute.mutability == .readOnly { return }
        try patcher.apply(SCIMPatchOperation(op: .replace, path: SCIMPatchPath(attribute: path), value: value))
    }
}
