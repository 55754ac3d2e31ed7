import Cedar

extension JSONValue {
    /// Parses JSON text strictly (RFC 8259: no trailing commas, no duplicate keys, nesting at most 128) with
    /// the Cedar library's parser; Foundation's decoders accept trailing commas.
    public init(parsing bytes: [UInt8]) throws {
        self.init(try Cedar.JSONValue.parse(bytes: bytes))
    }

    init(_ value: Cedar.JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text):
            if let i = Int64(text) { self = .integer(i) } else { self = .number(Double(text) ?? .nan) }
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members { object[key] = JSONValue(member) }
            self = .object(object)
        }
    }
}
