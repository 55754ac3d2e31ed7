/// Why a request does not conform to the schema.
public enum RequestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownAction(EntityUID)
    case principalNotAllowed(EntityUID, action: EntityUID)
    case resourceNotAllowed(EntityUID, action: EntityUID)
    case contextMismatch(action: EntityUID, reason: String)

    public var description: String {
        switch self {
        case let .unknownAction(a): return "action `\(a)` is not declared in the schema"
        case let .principalNotAllowed(p, a): return "principal `\(p)` is not valid for action `\(a)`"
        case let .resourceNotAllowed(r, a): return "resource `\(r)` is not valid for action `\(a)`"
        case let .contextMismatch(a, why): return "context is not valid for action `\(a)`: \(why)"
        }
    }
}

extension Schema {
    /// Checks a request against the schema: the action is declared, the principal
    /// and resource types are in its `appliesTo` lists, and the context matches
    /// the declared context type (required attributes present, no extra ones).
    public func validate(_ request: Request) throws(RequestValidationError) {
        guard let action = actions[request.action] else { throw .unknownAction(request.action) }
        guard action.principalTypes.contains(request.principal.type) else {
            throw .principalNotAllowed(request.principal, action: request.action)
        }
        guard action.resourceTypes.contains(request.resource.type) else {
            throw .resourceNotAllowed(request.resource, action: request.action)
        }
        if let why = Schema.mismatch(.record(request.context), action.context) {
            throw .contextMismatch(action: request.action, reason: why)
        }
    }

    /// A description of why `value` does not have type `type`, or nil if it does.
    public static func mismatch(_ value: Value, _ type: SchemaType) -> String? {
        switch (type, value) {
        case (.long, .long), (.string, .string), (.bool, .bool): return nil
        case let (.entity(t), .entity(uid)):
            return uid.type == t ? nil : "expected an entity of type `\(t)`, got `\(uid)`"
        case let (.extension(name), .ext(e)):
            return e.typeName == name ? nil : "expected \(name), got \(e.typeName)"
        case let (.set(inner), .set(items)):
            for item in items { if let why = mismatch(item, inner) { return why } }
            return nil
        case let (.record(attrs), .record(fields)):
            for (k, a) in attrs where a.required && fields[k] == nil { return "missing required attribute `\(k)`" }
            for (k, v) in fields {
                guard let a = attrs[k] else { return "unexpected attribute `\(k)`" }
                if let why = mismatch(v, a.type) { return "attribute `\(k)`: \(why)" }
            }
            return nil
        default:
            return "expected \(type.displayName), got \(value.typeName)"
        }
    }
}

extension SchemaType {
    var displayName: String {
        switch self {
        case .long: return "Long"
        case .string: return "String"
        case .bool: return "Bool"
        case let .entity(t): return "entity `\(t)`"
        case let .extension(n): return n
        case .set: return "Set"
        case .record: return "record"
        }
    }
}
