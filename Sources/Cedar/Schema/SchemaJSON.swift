import Foundation

/// Schema-directed JSON decoding, matching the reference parser when a schema is
/// supplied: entity-typed values may omit `__entity`, and extension-typed values
/// may be plain strings (e.g. `"10.0.0.1"` for an `ipaddr` attribute).
extension CedarJSON {
    public static func value(from json: JSONValue, expected: SchemaType?) throws(EntitiesError) -> Value {
        guard let expected else { return try value(from: json) }
        switch (expected, json) {
        case (.entity, .object(let m)) where !(m.count == 1 && m[0].0 == "__entity"):
            return .entity(try entityUID(fromEscaped: json))
        case let (.extension(fn), .string(s)):
            do { return try ExtensionFunctions.call(Name(id: fn == "ipaddr" ? "ip" : fn), [.string(s)]) } catch {
                throw .invalidValue(error.description)
            }
        case let (.set(inner), .array(items)):
            var set = Set<Value>()
            for i in items { set.insert(try value(from: i, expected: inner)) }
            return .set(set)
        case let (.record(attrs), .object(members)) where !(members.count == 1 && (members[0].0 == "__extn" || members[0].0 == "__entity")):
            var rec: [String: Value] = [:]
            for (k, v) in members { rec[k] = try value(from: v, expected: attrs[k]?.type) }
            return .record(rec)
        default:
            return try value(from: json)
        }
    }

    /// Decodes a request context, using the action's context type from the schema when available.
    public static func context(from json: JSONValue, schema: Schema?, action: EntityUID) throws(EntitiesError) -> [String: Value] {
        guard case .object = json else { throw .json("context must be a JSON object") }
        let expected = schema?.actions[action]?.context
        guard case let .record(r) = try value(from: json, expected: expected) else {
            throw .json("context must be a record")
        }
        return r
    }

    /// Parses one entity, using the schema's attribute and tag types when available.
    public static func entity(from json: JSONValue, schema: Schema?) throws(EntitiesError) -> Entity {
        guard let schema else { return try entity(from: json) }
        guard case .object = json, let uidJSON = json["uid"] else { throw .json("entity is missing `uid`") }
        let uid = try entityUID(from: uidJSON)
        let type = schema.entityTypes[uid.type]
        var e = Entity(uid: uid)
        guard case let .object(members)? = json["attrs"] else { throw .json("entity `\(uid)` needs an `attrs` object") }
        for (k, v) in members { e.attributes[k] = try value(from: v, expected: type?.attributes[k]?.type) }
        guard case let .array(list)? = json["parents"] else { throw .json("entity `\(uid)` needs a `parents` array") }
        for item in list { e.parents.insert(try entityUID(from: item)) }
        if let t = json["tags"] {
            guard case let .object(members) = t else { throw .json("`tags` must be an object") }
            for (k, v) in members { e.tags[k] = try value(from: v, expected: type?.tags) }
        }
        return e
    }
}

extension Entities {
    /// `Data` variant of ``init(json:schema:)`` (UTF-8 JSON).
    public init(json data: Data, schema: Schema?) throws(EntitiesError) {
        guard let text = String(data: data, encoding: .utf8) else { throw .json("entities JSON is not valid UTF-8") }
        try self.init(json: text, schema: schema)
    }

    /// Parses entities JSON with an optional schema: attribute values are decoded
    /// by their declared types and the schema's action entities are added.
    public init(json text: String, schema: Schema?) throws(EntitiesError) {
        guard let schema else {
            try self.init(json: text)
            return
        }
        let doc: JSONValue
        do { doc = try JSONValue.parse(text) } catch { throw .json(error.description) }
        guard case let .array(items) = doc else { throw .json("entities must be a JSON array") }
        var list: [Entity] = []
        for item in items {
            let e = try CedarJSON.entity(from: item, schema: schema)
            // Action entities come from the schema, which is authoritative for their hierarchy.
            if schema.actions[e.uid] != nil { continue }
            list.append(e)
        }
        try self.init(list)
        merge(schema.actionEntities)
    }
}
