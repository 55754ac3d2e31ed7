import GatehouseCore

/// Applies PATCH operations to one resource, following RFC 7644 §3.5.2 and the requests Okta and Entra ID send.
///
/// Quirks accepted on purpose: `"True"`/`"False"` strings for booleans (Entra), path-less values whose keys are
/// paths (`name.givenName`, `emails[type eq "work"].value`, URN-qualified names) or whole extension objects,
/// `remove` of members listed in `value` (Entra), an `id` repeated unchanged in a path-less replace (Okta's
/// group rename), a string for a complex attribute with a `value` (Entra's `manager`), and `add`/`replace` through a
/// filter that selects nothing when the filter's `eq` terms say what to create (Entra's work email).
struct SCIMPatcher {
    let type: SCIMResourceType
    var resource: JSONValue

    init(type: SCIMResourceType, resource: JSONValue) {
        self.type = type
        self.resource = resource
    }

    mutating func apply(_ operation: SCIMPatchOperation) throws(SCIMError) {
        guard case .object = resource else { throw .invalidValue("the resource to patch is not an object") }
        if let path = operation.path {
            try apply(operation.op, at: path, value: operation.value)
            return
        }
        guard operation.op != .remove else { throw .noTarget("remove needs a path") }
        guard case .object(let members)? = operation.value else {
            throw .invalidSyntax("\(operation.op.rawValue) without a path needs an object whose members name the attributes")
        }
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            try applyPathless(operation.op, key: key, value: value)
        }
    }

    private mutating func applyPathless(_ op: SCIMPatchOperation.Op, key: String, value: JSONValue) throws(SCIMError) {
        let folded = key.lowercased()
        if folded == "schemas" { return }
        if folded == "id", let current = resource.scimMember("id"), current == value { return }
        if let ext = type.extensionSchema(key) {
            try applyToExtension(op, ext, value: value)
            return
        }
        try apply(op, at: try SCIMPatchPath(parsing: key), value: value)
    }

    private mutating func applyToExtension(_ op: SCIMPatchOperation.Op, _ ext: SCIMSchema, value: JSONValue?) throws(SCIMError) {
        if op == .remove {
            resource.removeSCIMMember(ext.id)
            removeSchema(ext.id)
            return
        }
        guard case .object(let members)? = value else {
            throw .invalidValue("the value for '\(ext.id)' must be an object of its attributes")
        }
        // Clients that serialize the extension as a resource of its own (scim2-models) put `schemas` in it.
        for key in members.keys.sorted() where key.lowercased() != "schemas" {
            guard let inner = members[key] else { continue }
            try apply(op, at: try SCIMPatchPath(parsing: ext.id + ":" + key), value: inner)
        }
    }

    // MARK: One path

    private mutating func apply(_ op: SCIMPatchOperation.Op, at path: SCIMPatchPath, value: JSONValue?) throws(SCIMError) {
        if path.filter == nil, path.attribute.subAttribute == nil, let urn = path.attribute.schema,
            let ext = type.extensionSchema(urn + ":" + path.attribute.attribute)
        {
            try applyToExtension(op, ext, value: value)
            return
        }
        guard let resolved = type.resolve(SCIMAttributePath(schema: path.attribute.schema, attribute: path.attribute.attribute)) else {
            throw .invalidPath("'\(path.attribute)' is not an attribute of \(type.name) resources")
        }
        let attribute = resolved.attribute
        if let filter = path.filter {
            guard attribute.type == .complex, attribute.multiValued else {
                throw .invalidPath("'\(attribute.name)' is not multi-valued, so it cannot take a [filter]")
            }
            try filter.validateInside(attribute, parent: SCIMAttributePath(attribute: attribute.name))
            try applyFiltered(op, resolved, filter: filter, sub: path.subAttribute, value: value)
            return
        }
        if let sub = path.attribute.subAttribute {
            guard let subAttribute = attribute.subAttribute(sub) else {
                throw .invalidPath("'\(path.attribute)' is not an attribute of \(type.name) resources")
            }
            try applyToSubAttribute(op, resolved, subAttribute, value: value)
            return
        }
        try checkWritable(attribute, name: attribute.name, current: resolved.value(in: resource), op: op, value: value)
        try applyWhole(op, resolved, value: value)
    }

    private mutating func applyWhole(_ op: SCIMPatchOperation.Op, _ resolved: SCIMResourceType.Resolved, value: JSONValue?) throws(SCIMError) {
        let attribute = resolved.attribute
        let current = resolved.value(in: resource)
        switch op {
        case .remove:
            if attribute.multiValued, let value, value != .null {
                // Entra ID removes group members by listing them in `value`.
                var doomedByKey: [String: [JSONValue]] = [:]
                var doomedOther: [JSONValue] = []
                for doomed in try coerceList(value, attribute) {
                    if let key = Self.valueKey(doomed, attribute) { doomedByKey[key, default: []].append(doomed) } else { doomedOther.append(doomed) }
                }
                let kept = (current?.arrayValue ?? []).filter { element in
                    let candidates = Self.valueKey(element, attribute).map { doomedByKey[$0] ?? [] } ?? doomedOther
                    return !candidates.contains { Self.sameElement($0, element, attribute) }
                }
                write(resolved, kept.isEmpty ? .null : .array(kept))
                return
            }
            if attribute.required { throw .invalidValue("'\(attribute.name)' is required and cannot be removed") }
            write(resolved, .null)
        case .add, .replace:
            guard let value else { throw .invalidSyntax("\(op.rawValue) of '\(attribute.name)' has no value") }
            if attribute.multiValued {
                let incoming = try coerceList(value, attribute)
                if op == .replace || current == nil {
                    write(resolved, incoming.isEmpty ? .null : .array(Self.singlePrimary(incoming, newCount: incoming.count)))
                    return
                }
                var elements = current?.arrayValue ?? []
                // Indexed by value: Entra adds members in batches to groups of thousands.
                var byKey: [String: [Int]] = [:]
                for (i, element) in elements.enumerated() {
                    if let key = Self.valueKey(element, attribute) { byKey[key, default: []].append(i) }
                }
                for element in incoming {
                    let key = Self.valueKey(element, attribute)
                    let candidates = key.map { byKey[$0] ?? [] } ?? Array(elements.indices)
                    if let index = candidates.first(where: { Self.sameElement(element, elements[$0], attribute) }) {
                        elements[index] = Self.merge(elements[index], element)
                    } else {
                        elements.append(element)
                        if let key { byKey[key, default: []].append(elements.count - 1) }
                    }
                }
                write(resolved, .array(Self.singlePrimary(elements, newCount: incoming.count)))
            } else if attribute.type == .complex {
                let incoming = try coerce(value, attribute, name: attribute.name)
                if incoming == .null {
                    write(resolved, .null)
                } else {
                    write(resolved, Self.merge(current ?? .object([:]), incoming))
                }
            } else {
                write(resolved, try coerce(value, attribute, name: attribute.name))
            }
        }
    }

    private mutating func applyToSubAttribute(
        _ op: SCIMPatchOperation.Op, _ resolved: SCIMResourceType.Resolved, _ sub: SCIMAttribute, value: JSONValue?
    ) throws(SCIMError) {
        let attribute = resolved.attribute
        let name = "\(attribute.name).\(sub.name)"
        let current = resolved.value(in: resource)
        try checkWritable(attribute, name: attribute.name, current: current, op: op, value: nil)
        if attribute.multiValued {
            guard op == .remove else {
                throw .invalidPath(
                    "'\(name)' names every \(attribute.name) value: select one with a filter, e.g. \(attribute.name)[type eq \"work\"].\(sub.name)")
            }
            let held = (current?.arrayValue ?? []).lazy.compactMap { $0.scimMember(sub.name) }.first
            try checkWritable(sub, name: name, current: held, op: op, value: nil)
            let elements = (current?.arrayValue ?? []).map { element -> JSONValue in
                var e = element
                e.removeSCIMMember(sub.name)
                return e
            }
            write(resolved, elements.isEmpty ? .null : .array(elements))
            return
        }
        var object = current ?? .object([:])
        try checkWritable(sub, name: name, current: object.scimMember(sub.name), op: op, value: value)
        if op == .remove {
            object.removeSCIMMember(sub.name)
        } else {
            guard let value else { throw .invalidSyntax("\(op.rawValue) of '\(name)' has no value") }
            object.setSCIMMember(sub.name, to: try coerce(value, sub, name: name))
        }
        write(resolved, object.isSCIMPresent ? object : .null)
    }

    private mutating func applyFiltered(
        _ op: SCIMPatchOperation.Op, _ resolved: SCIMResourceType.Resolved, filter: SCIMFilter, sub: String?, value: JSONValue?
    ) throws(SCIMError) {
        let attribute = resolved.attribute
        try checkWritable(attribute, name: attribute.name, current: nil, op: op, value: nil)
        var subAttribute: SCIMAttribute?
        if let sub {
            guard let found = attribute.subAttribute(sub) else {
                throw .invalidPath("'\(attribute.name).\(sub)' is not an attribute of \(type.name) resources")
            }
            subAttribute = found
            try checkWritable(found, name: "\(attribute.name).\(found.name)", current: nil, op: op, value: nil)
        }
        var elements = resolved.value(in: resource)?.arrayValue ?? []
        let matched = elements.indices.filter { filter.matchesElement(elements[$0], of: attribute) }
        switch op {
        case .remove:
            if let subAttribute {
                for i in matched { elements[i].removeSCIMMember(subAttribute.name) }
            } else {
                for i in matched.reversed() { elements.remove(at: i) }
            }
            write(resolved, elements.isEmpty ? .null : .array(elements))
        case .add, .replace:
            guard let value else { throw .invalidSyntax("\(op.rawValue) of '\(attribute.name)[…]' has no value") }
            let replacement: JSONValue
            if let subAttribute {
                replacement = try coerce(value, subAttribute, name: "\(attribute.name).\(subAttribute.name)")
            } else {
                replacement = try coerce(value, attribute, name: attribute.name)
                guard replacement.objectValue != nil else {
                    throw .invalidValue("the value for '\(attribute.name)[…]' must be an object")
                }
            }
            if matched.isEmpty {
                guard var created = filter.equalityTerms(of: attribute) else {
                    throw .noTarget("no \(attribute.name) value matches the filter, and the filter does not say what to create")
                }
                if let subAttribute {
                    created.setSCIMMember(subAttribute.name, to: replacement)
                } else {
                    created = Self.merge(created, replacement)
                }
                elements.append(created)
                write(resolved, .array(Self.singlePrimary(elements, newCount: 1)))
                return
            }
            for i in matched {
                if let subAttribute {
                    elements[i].setSCIMMember(subAttribute.name, to: replacement)
                } else {
                    elements[i] = op == .add ? Self.merge(elements[i], replacement) : replacement
                }
            }
            write(resolved, .array(elements))
        }
    }

    // MARK: Rules

    /// Refuses writes the attribute's mutability forbids: read-only always, immutable once it holds a different value.
    private func checkWritable(
        _ attribute: SCIMAttribute, name: String, current: JSONValue?, op: SCIMPatchOperation.Op, value: JSONValue?
    ) throws(SCIMError) {
        switch attribute.mutability {
        case .readOnly:
            throw .mutability("'\(name)' is read-only")
        case .immutable:
            if let current, current.isSCIMPresent, op == .remove || value != current {
                throw .mutability("'\(name)' is immutable and already set")
            }
        case .readWrite, .writeOnly:
            break
        }
    }

    /// `value` as the attribute's type: booleans from strings, canonical attribute names, sub-attributes checked.
    private func coerce(_ value: JSONValue, _ attribute: SCIMAttribute, name: String) throws(SCIMError) -> JSONValue {
        if value == .null { return .null }
        switch attribute.type {
        case .boolean:
            guard let b = SCIMComparison.boolean(value) else { throw .invalidValue("'\(name)' must be true or false") }
            return .bool(b)
        case .integer:
            if case .integer = value { return value }
            if case .number(let d) = value, d.rounded() == d, abs(d) < 9.0e15 { return .integer(Int64(d)) }
            throw .invalidValue("'\(name)' must be an integer")
        case .decimal:
            guard SCIMComparison.number(value) != nil else { throw .invalidValue("'\(name)' must be a number") }
            return value
        case .dateTime:
            guard case .string(let s) = value, SCIMDateTime.secondsSince1970(s) != nil else {
                throw .invalidValue("'\(name)' must be a dateTime such as \"2011-05-13T04:42:34Z\"")
            }
            return value
        case .string, .reference, .binary:
            guard case .string = value else { throw .invalidValue("'\(name)' must be a string") }
            return value
        case .complex:
            if case .string(let s) = value, attribute.subAttribute("value") != nil {
                // Entra sends a manager as its id, and clears it with "".
                return s.isEmpty ? .null : .object(["value": value])
            }
            guard case .object(let members) = value else { throw .invalidValue("'\(name)' must be an object") }
            var result: [String: JSONValue] = [:]
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                guard let sub = attribute.subAttribute(key) else {
                    throw .invalidSyntax("'\(name).\(key)' is not an attribute of \(type.name) resources")
                }
                let coerced = try coerce(member, sub, name: "\(name).\(sub.name)")
                if coerced != .null { result[sub.name] = coerced }
            }
            return .object(result)
        }
    }

    private func coerceList(_ value: JSONValue, _ attribute: SCIMAttribute) throws(SCIMError) -> [JSONValue] {
        let items: [JSONValue]
        switch value {
        case .null: items = []
        case .array(let list): items = list
        default: items = [value]
        }
        var result: [JSONValue] = []
        for item in items {
            let coerced = try coerce(item, attribute, name: attribute.name)
            if coerced != .null { result.append(coerced) }
        }
        return result
    }

    /// Two values of a multi-valued attribute are the same when their `value`s are (and their `type`s when both
    /// have one): adding a member twice keeps one.
    static func sameElement(_ a: JSONValue, _ b: JSONValue, _ attribute: SCIMAttribute) -> Bool {
        guard attribute.type == .complex, let x = a.scimMember("value"), let y = b.scimMember("value") else {
            return a == b
        }
        guard SCIMComparison.order(x, y, as: attribute.subAttribute("value")) == 0 else { return false }
        if let s = a.scimMember("type"), let t = b.scimMember("type") {
            return SCIMComparison.order(s, t, as: attribute.subAttribute("type")) == 0
        }
        return true
    }

    /// The element's `value` as `sameElement` compares it, for indexing; nil when it has no string value.
    static func valueKey(_ element: JSONValue, _ attribute: SCIMAttribute) -> String? {
        guard attribute.type == .complex, case .string(let s)? = element.scimMember("value") else { return nil }
        return attribute.subAttribute("value")?.comparesExactly == true ? s : s.lowercased()
    }

    /// `incoming`'s members written over `base`'s.
    static func merge(_ base: JSONValue, _ incoming: JSONValue) -> JSONValue {
        guard case .object(let members) = incoming, case .object = base else { return incoming }
        var result = base
        for (key, value) in members { result.setSCIMMember(key, to: value) }
        return result
    }

    /// At most one `primary: true` (RFC 7643 §2.4): the last of the `newCount` values just written wins.
    static func singlePrimary(_ elements: [JSONValue], newCount: Int) -> [JSONValue] {
        let primaries = elements.indices.filter { elements[$0].scimMember("primary") == .bool(true) }
        guard primaries.count > 1, let keep = primaries.last else { return elements }
        var result = elements
        for i in primaries where i != keep { result[i].setSCIMMember("primary", to: .bool(false)) }
        return result
    }

    // MARK: Writing

    private mutating func write(_ resolved: SCIMResourceType.Resolved, _ value: JSONValue) {
        guard let urn = resolved.container else {
            resource.setSCIMMember(resolved.attribute.name, to: value)
            return
        }
        var holder = resource.scimMember(urn) ?? .object([:])
        if holder.objectValue == nil { holder = .object([:]) }
        holder.setSCIMMember(resolved.attribute.name, to: value)
        if holder.isSCIMPresent {
            resource.setSCIMMember(urn, to: holder)
            addSchema(urn)
        } else {
            resource.removeSCIMMember(urn)
            removeSchema(urn)
        }
    }

    private mutating func addSchema(_ urn: String) {
        var schemas = resource.scimMember("schemas")?.arrayValue ?? [.string(type.schema.id)]
        guard !schemas.contains(where: { $0.stringValue?.lowercased() == urn.lowercased() }) else { return }
        schemas.append(.string(urn))
        resource.setSCIMMember("schemas", to: .array(schemas))
    }

    private mutating func removeSchema(_ urn: String) {
        guard let schemas = resource.scimMember("schemas")?.arrayValue else { return }
        resource.setSCIMMember("schemas", to: .array(schemas.filter { $0.stringValue?.lowercased() != urn.lowercased() }))
    }
}
