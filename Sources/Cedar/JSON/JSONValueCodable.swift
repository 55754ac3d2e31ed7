import Foundation

extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let n = try? c.decode(Int64.self) { self = .number(String(n)); return }
        if let d = try? c.decode(Double.self) { self = .number(String(d)); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) {
            self = .object(o.keys.sorted().map { ($0, o[$0]!) })
            return
        }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "unsupported JSON value")
    }
}

extension JSONValue {
    /// Converts to Foundation JSON objects (`[String: Any]`, `[Any]`, `NSNumber`-compatible scalars, `NSNull`).
    public var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case let .bool(b): return b
        case let .number(n):
            if let i = Int64(n) { return i }
            return Double(n) ?? 0
        case let .string(s): return s
        case let .array(a): return a.map(\.foundationObject)
        case let .object(o):
            var d: [String: Any] = [:]
            for (k, v) in o { d[k] = v.foundationObject }
            return d
        }
    }
}

