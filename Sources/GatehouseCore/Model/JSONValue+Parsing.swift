import Cedar

extension JSONValue {
    /// A number JSON allows but a `Double` cannot hold (`1e999`): it would be stored as infinity and then
    /// fail to encode, so it is refused where it comes in.
    public struct NonFiniteNumber: Error, Sendable {
        public var text: String
    }

    /// Parses JSON text strictly (RFC 8259: no trailing commas, no duplicate keys, nesting at most 128) with
    /// the Cedar library's parser; Foundation's decoders accept trailing commas. Throws `NonFiniteNumber`
    /// for a number out of `Double`'s range.
    public init(parsing bytes: [UInt8]) throws {
        try self.init(Cedar.JSONValue.parse(bytes: bytes))
    }

    init(_ value: Cedar.JSONValue) throws(NonFiniteNumber) {
        switch value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let text):
            if let i = Int64(text) {
                self = .integer(i)
            } else if let d = Double(text), d.isFinite {
                self = .number(d)
            } else {
                throw NonFiniteNumber(text: text)
            }
        case .string(let s): self = .string(s)
        case .array(let items):
            var array: [JSONValue] = []
            array.reserveCapacity(items.count)
            for item in items { array.append(try JSONValue(item)) }
            self = .array(array)
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members { object[key] = try JSONValue(member) }
            self = .object(object)
        }
    }
}
