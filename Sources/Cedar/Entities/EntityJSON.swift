import Foundation

/// Conversion between Cedar's JSON formats and `Value`/`Entity`.
///
/// Values: JSON bool/integer/string/array/object map to Cedar bool/long/string/set/record;
/// `{"__entity": {"type", "id"}}` is an entity reference and
/// `{"__extn": {"fn", "arg"}}` an extension value. Without a schema, no other
/// implicit conversions happen (matching the reference's schema-less parser).
public enum CedarJSON {
    /// Converts a JSON value (an attribute, context field, or tag) to a Cedar value.
    public static func value(from json: JSONValue) throws(EntitiesError) -> Value {
        switch json {
        case .null: throw .invalidValue("null is not a Cedar value")
        case let .bool(b): return .bool(b)
        case let .number(n):
            guard let v = Int64(n) else { throw .invalidValue("`\(n)` is not a 64-bit integer") }
            return .long(v)
        case let .string(s): return .string(s)
        case let .array(items):
            var set = Set<Value>()
            for i in items { set.insert(try value(from: i)) }
            return .set(set)
        case let .object(members):
            // Escapes only apply when their payload has the right shape; otherwise the
            // object is an ordinary record (the reference tries each form in turn).
            if members.count == 1, members[0].0 == "__entity", isUIDShaped(members[0].1) {
                return .entity(try entityUID(fromEscaped: members[0].1))
            }
            if members.count == 1, members[0].0 == "__extn", case .string? = members[0].1["fn"],
               members[0].1["arg"] != nil || members[0].1["args"] != nil {
                return try extensionValue(members[0].1)
            }
            var rec: [String: Value] = [:]
            for (k, v) in members { rec[k] = try value(from: v) }
            return .record(rec)
        }
    }

    static func extensionValue(_ json: JSONValue) throws(EntitiesError) -> Value {
        guard case let .string(fn)? = json["fn"] else { throw .invalidValue("`__extn` needs a `fn` string") }
        var args: [Value] = []
        if let arg = json["arg"] {
            args = [try value(from: arg)]
        } else if case let .array(list)? = json["args"] {
            for a in list { args.append(try value(from: a)) }
        }
        do {
            return try ExtensionFunctions.call(Name(qualified: fn), args)
        } catch {
            throw .invalidValue(error.description)
        }
    }

    static func isUIDShaped(_ json: JSONValue) -> Bool {
        if case .string? = json["type"], case .string? = json["id"] { return true }
        return false
    }

    /// Parses `{"type": "T", "id": "x"}` or `{"__entity": {...}}`.
    public static func entityUID(from json: JSONValue) throws(EntitiesError) -> EntityUID {
        if case .object(let m) = json, m.count == 1, m[0].0 == "__entity" {
            return try entityUID(fromEscaped: m[0].1)
        }
        return try entityUID(fromEscaped: json)
    }

    static func entityUID(fromEscaped json: JSONValue) throws(EntitiesError) -> EntityUID {
        guard case let .string(type)? = json["type"], case let .string(id)? = json["id"] else {
            throw .invalidValue("expected an entity uid `{\"type\": …, \"id\": …}`, got \(json.serialized)")
        }
        guard let name = typeName(type) else { throw .invalidValue("`\(type)` is not a valid entity type name") }
        return EntityUID(type: name, id: id)
    }

    static func isValidTypeName(_ s: String) -> Bool { typeName(s) != nil }

    /// Validates and splits a JSON entity type name (`A::B::C`) in one pass over
    /// its UTF-8 bytes. Why: this runs for every uid of every request line and
    /// entity, and the former `components(separatedBy:)` plus per-scalar Unicode
    /// property lookups dominated request decoding. Nil unless every
    /// `::`-separated segment is an ASCII identifier (`[_A-Za-z][_A-Za-z0-9]*`)
    /// that is neither a reserved word nor `__cedar` (reserved by the reference,
    /// which rejects such entity types in entity and request data).
    static func typeName(_ s: String) -> Name? {
        let u = s.utf8
        var segments: [String] = []
        var i = u.startIndex
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
        @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        while true {
            let start = i
            guard i < u.endIndex, u[i] == 0x5F || isLetter(u[i]) else { return nil }
            u.formIndex(after: &i)
            while i < u.endIndex, u[i] == 0x5F || isLetter(u[i]) || isDigit(u[i]) { u.formIndex(after: &i) }
            // Segment boundaries are ASCII bytes, hence valid String indices.
            let seg = String(s[start..<i])
            if Parser.reserved.contains(seg) || seg == "__cedar" { return nil }
            segments.append(seg)
            if i == u.endIndex { break }
            guard u[i] == 0x3A else { return nil }
            u.formIndex(after: &i)
            guard i < u.endIndex, u[i] == 0x3A else { return nil }
            u.formIndex(after: &i)
        }
        let id = segments.removeLast()
        return Name(path: segments, id: id)
    }

    /// Parses one entity object.
    public static func entity(from json: JSONValue) throws(EntitiesError) -> Entity {
        guard case .object = json else { throw .json("entity must be a JSON object") }
        guard let uidJSON = json["uid"] else { throw .json("entity is missing `uid`") }
        let uid = try entityUID(from: uidJSON)
        var attrs: [String: Value] = [:]
        guard let a = json["attrs"] else { throw .json("entity `\(uid)` is missing field `attrs`") }
        guard case let .object(members) = a else { throw .json("`attrs` must be an object") }
        for (k, v) in members { attrs[k] = try value(from: v) }
        var parents = Set<EntityUID>()
        guard let p = json["parents"] else { throw .json("entity `\(uid)` is missing field `parents`") }
        guard case let .array(list) = p else { throw .json("`parents` must be an array") }
        for item in list { parents.insert(try entityUID(from: item)) }
        var tags: [String: Value] = [:]
        if let t = json["tags"] {
            guard case let .object(members) = t else { throw .json("`tags` must be an object") }
            for (k, v) in members { tags[k] = try value(from: v) }
        }
        return Entity(uid: uid, attributes: attrs, parents: parents, tags: tags)
    }

    /// Converts a Cedar value back to JSON (extension values use `__extn`).
    public static func json(from value: Value) -> JSONValue {
        switch value {
        case let .bool(b): return .bool(b)
        case let .long(n): return .number(String(n))
        case let .string(s): return .string(s)
        case let .entity(uid): return .object([("__entity", uidJSON(uid))])
        case let .set(s): return .array(s.map(json(from:)).sorted { $0.serialized < $1.serialized })
        case let .record(r): return .object(r.keys.sorted().map { ($0, json(from: r[$0]!)) })
        case let .ext(e):
            let (fn, arg): (String, String)
            switch e {
            case let .ipaddr(a): (fn, arg) = ("ip", a.description)
            case let .decimal(d): (fn, arg) = ("decimal", d.description)
            case let .datetime(ms): (fn, arg) = ("datetime", String(ms))
            case let .duration(ms): (fn, arg) = ("duration", DatetimeSupport.durationText(ms))
            }
            if case let .datetime(ms) = e {
                return .object([("__extn", .object([("fn", .string("offset")), ("args", .array([
                    .object([("__extn", .object([("fn", .string("datetime")), ("arg", .string("1970-01-01"))]))]),
                    .object([("__extn", .object([("fn", .string("duration")), ("arg", .string(DatetimeSupport.durationText(ms)))]))]),
                ]))]))])
            }
            return .object([("__extn", .object([("fn", .string(fn)), ("arg", .string(arg))]))])
        }
    }

    public static func uidJSON(_ uid: EntityUID) -> JSONValue {
        .object([("type", .string(uid.type.qualified)), ("id", .string(uid.id))])
    }
}

extension Entities {
    /// Parses the Cedar entities JSON format: an array of
    /// `{"uid": {...}, "attrs": {...}, "parents": [...], "tags": {...}}`.
    public init(json data: Data) throws(EntitiesError) {
        let doc: JSONValue
        do { doc = try JSONValue.parse(bytes: Array(data)) } catch { throw .json(error.description) }
        try self.init(jsonValue: doc)
    }

    public init(json text: String) throws(EntitiesError) {
        try self.init(json: Data(text.utf8))
    }

    public init(jsonValue doc: JSONValue) throws(EntitiesError) {
        guard case let .array(items) = doc else { throw .json("entities must be a JSON array") }
        var list: [Entity] = []
        for item in items { list.append(try CedarJSON.entity(from: item)) }
        try self.init(list)
    }
}
