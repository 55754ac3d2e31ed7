import GatehouseCore

extension SCIMFilter {
    /// Whether `resource` matches the filter, each attribute compared as `resourceType` defines it.
    ///
    /// A multi-valued attribute matches when any of its values does (RFC 7644 §3.4.2.2); a complex attribute
    /// named without a sub-attribute compares through its `value`. Attributes the type does not declare compare
    /// as case-insensitive strings; call `validate(for:)` first to refuse them instead.
    public func matches(_ resource: JSONValue, in resourceType: SCIMResourceType) -> Bool {
        evaluate(resource, scope: .resource(resourceType))
    }

    fileprivate enum Scope {
        case resource(SCIMResourceType)
        /// Inside `attr[…]`: names are sub-attributes of `attr` (nil when undeclared).
        case element(SCIMAttribute?)
    }

    fileprivate func evaluate(_ node: JSONValue, scope: Scope) -> Bool {
        switch self {
        case .and(let l, let r): return l.evaluate(node, scope: scope) && r.evaluate(node, scope: scope)
        case .or(let l, let r): return l.evaluate(node, scope: scope) || r.evaluate(node, scope: scope)
        case .not(let inner): return !inner.evaluate(node, scope: scope)
        case .present(let path):
            return Self.values(path, in: node, scope: scope).values.contains { $0.isSCIMPresent }
        case .comparison(let path, let op, let literal):
            let (values, definition) = Self.values(path, in: node, scope: scope)
            return Self.compare(values, op, literal, definition)
        case .valuePath(let path, let inner):
            let (values, definition) = Self.values(path, in: node, scope: scope, flattenComplex: false)
            return values.contains { inner.evaluate($0, scope: .element(definition)) }
        }
    }

    /// The values `path` reaches in `node` (multi-valued attributes flattened) and their definition.
    private static func values(
        _ path: SCIMAttributePath, in node: JSONValue, scope: Scope, flattenComplex: Bool = true
    ) -> (values: [JSONValue], definition: SCIMAttribute?) {
        var raw: JSONValue?
        var definition: SCIMAttribute?
        switch scope {
        case .resource(let type):
            if let resolved = type.resolve(SCIMAttributePath(schema: path.schema, attribute: path.attribute)) {
                raw = resolved.value(in: node)
                definition = resolved.attribute
            } else {
                let holder = path.schema.map { node.scimMember($0) ?? .null } ?? node
                raw = holder.scimMember(path.attribute)
            }
        case .element(let parent):
            raw = node.scimMember(path.attribute)
            definition = parent?.subAttribute(path.attribute)
        }
        var values: [JSONValue]
        switch raw {
        case nil, .null?: values = []
        case .array(let items)?: values = items
        case let value?: values = [value]
        }
        if let sub = path.subAttribute {
            values = values.compactMap { $0.scimMember(sub) }.flatMap { v -> [JSONValue] in
                if case .array(let items) = v { return items }
                return [v]
            }
            definition = definition?.subAttribute(sub)
        } else if flattenComplex, definition?.type == .complex || (definition == nil && values.contains { $0.objectValue != nil }) {
            values = values.compactMap { $0.objectValue == nil ? $0 : $0.scimMember("value") }
            definition = definition?.subAttribute("value")
        }
        return (values, definition)
    }

    private static func compare(_ values: [JSONValue], _ op: Operator, _ literal: JSONValue, _ definition: SCIMAttribute?) -> Bool {
        if literal == .null {
            let present = values.contains { $0 != .null }
            return op == .eq ? !present : (op == .ne ? present : false)
        }
        if op == .ne { return !compare(values, .eq, literal, definition) }
        return values.contains { value in
            switch op {
            case .co, .sw, .ew: return SCIMComparison.text(op, value, literal, as: definition)
            default:
                guard let order = SCIMComparison.order(value, literal, as: definition) else { return false }
                switch op {
                case .eq: return order == 0
                case .gt: return order > 0
                case .ge: return order >= 0
                case .lt: return order < 0
                case .le: return order <= 0
                default: return false
                }
            }
        }
    }
}

extension SCIMFilter {
    /// Whether one value of the multi-valued complex `attribute` matches the filter written between its brackets.
    func matchesElement(_ element: JSONValue, of attribute: SCIMAttribute) -> Bool {
        evaluate(element, scope: .element(attribute))
    }

    /// The object a bracket filter made only of `eq` terms describes (`type eq "work" and primary eq true`), so that
    /// PATCH can create the value it selects; nil for any other filter.
    func equalityTerms(of attribute: SCIMAttribute) -> JSONValue? {
        switch self {
        case .comparison(let path, .eq, let literal):
            guard path.schema == nil, path.subAttribute == nil, literal != .null, let sub = attribute.subAttribute(path.attribute) else {
                return nil
            }
            return .object([sub.name: literal])
        case .and(let l, let r):
            guard case .object(let a)? = l.equalityTerms(of: attribute), case .object(let b)? = r.equalityTerms(of: attribute) else {
                return nil
            }
            return .object(a.merging(b) { x, _ in x })
        default:
            return nil
        }
    }
}
