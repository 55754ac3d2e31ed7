import Foundation

/// Cedar's JSON schema format, both directions.
///
/// The Permissions API stores and serves schemas in this form (the
/// `public/schema` endpoint returns it), so it must accept exactly what the
/// reference accepts and produce text the reference reads back to the same
/// schema. Parsing collects `SchemaDeclarations`, the same intermediate form
/// the human-readable parser builds, so names resolve identically in both.
extension Schema {
    /// Parses a schema in Cedar's JSON format (UTF-8 text).
    ///
    /// Unlike ``init(parsing:)``, every reference must resolve: unknown types,
    /// undeclared entity types or actions, cyclic common types or action
    /// hierarchies, non-record shapes or contexts and empty-namespace
    /// shadowing are reported, with the JSON path of the offending value.
    public init(json text: String) throws(SchemaJSONError) {
        let doc: JSONValue
        do { doc = try JSONValue.parse(text) } catch {
            // As the reference does, point at the other syntax when the text does not even start like JSON.
            let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
            let hint = first.map { $0 != "{" && $0 != "[" } == true ? " (this looks like the human-readable schema syntax; use `Schema(parsing:)`)" : ""
            throw .syntax(error.description + hint)
        }
        try self.init(jsonValue: doc)
    }

    /// `Data` variant of ``init(json:)``.
    public init(jsonData data: Data) throws(SchemaJSONError) {
        let doc: JSONValue
        do { doc = try JSONValue.parse(bytes: Array(data)) } catch { throw .syntax(error.description) }
        try self.init(jsonValue: doc)
    }

    /// Parses an already decoded JSON schema document.
    public init(jsonValue doc: JSONValue) throws(SchemaJSONError) {
        var reader = JSONSchemaReader()
        try reader.read(doc)
        try JSONSchemaChecks(reader).run()
        do { self = try reader.declarations.build(strict: true) } catch {
            // The checks above find every problem `build` could; this is a backstop.
            throw .invalid(path: "", message: error.message)
        }
    }

    /// The schema in Cedar's JSON format. Common types are kept as
    /// declarations but references to them are inlined (the model stores
    /// resolved types), and every entity and action reference is fully qualified.
    public var jsonValue: JSONValue { JSONSchemaWriter(self).document() }

    /// ``jsonValue`` serialized compactly, with keys in a stable order.
    public var jsonText: String { jsonValue.serialized }
}

/// Why a JSON schema was rejected. `path` locates the offending value, e.g.
/// `Cloudinary.entityTypes.Folder.shape.attributes.name` (keys that are not
/// plain identifiers are written `["like this"]`; the empty namespace is `""`).
public enum SchemaJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not valid JSON.
    case syntax(String)
    /// A value has the wrong form for its place: wrong JSON type, missing or
    /// unexpected field, invalid identifier, unsupported feature.
    case invalid(path: String, message: String)
    /// A type name that is neither a common type, an entity type nor a built-in type.
    case unknownType(path: String, name: String)
    /// A name used where an entity type is required that no declaration provides.
    case undeclaredEntityType(path: String, name: String)
    /// An action named in `memberOf` that is not declared.
    case undeclaredAction(path: String, action: String)
    /// Common types whose definitions refer to each other in a cycle.
    case commonTypeCycle(path: String, names: [String])
    /// Actions whose `memberOf` relations form a cycle.
    case actionCycle(path: String, action: String)
    /// A namespaced declaration with the same base name as one in the empty namespace (RFC 70).
    case shadowing(path: String, shadowing: String, shadowed: String)

    /// Where the problem is; nil for JSON syntax errors.
    public var path: String? {
        switch self {
        case .syntax: return nil
        case let .invalid(p, _), let .unknownType(p, _), let .undeclaredEntityType(p, _), let .undeclaredAction(p, _),
             let .commonTypeCycle(p, _), let .actionCycle(p, _), let .shadowing(p, _, _):
            return p
        }
    }

    /// The problem without its path.
    public var message: String {
        switch self {
        case let .syntax(m): return m
        case let .invalid(_, m): return m
        case let .unknownType(_, n): return "unknown type \(JSONValue.quote(n))"
        case let .undeclaredEntityType(_, n): return "undeclared entity type \(JSONValue.quote(n))"
        case let .undeclaredAction(_, a): return "undeclared action \(a)"
        case let .commonTypeCycle(_, names): return "cycle in common type references: \(names.joined(separator: " -> "))"
        case let .actionCycle(_, a): return "cycle in action hierarchy containing \(a)"
        case let .shadowing(_, s, d): return "definition of `\(s)` illegally shadows the existing definition of `\(d)`"
        }
    }

    public var description: String {
        guard let p = path, !p.isEmpty else { return "schema JSON: \(message)" }
        return "\(p): \(message)"
    }
}
